namespace Phone.Tools.Handset
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            return 0;
        }
    }
}
