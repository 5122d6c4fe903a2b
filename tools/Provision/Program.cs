namespace Phone.Tools.Provision
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            return 0;
        }
    }
}
