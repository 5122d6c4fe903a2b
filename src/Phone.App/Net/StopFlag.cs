namespace Phone.App.Net
{
    /// <summary>
    /// A flag a worker thread polls to end itself. Thread.Abort exists on nanoFramework but leaves native
    /// resources (sockets, TLS contexts) to the finalizer; threads here end by seeing the flag between bounded
    /// waits (Socket.Poll with a timeout) and close what they own.
    /// </summary>
    public sealed class StopFlag
    {
        private int _set;

        public bool IsSet
        {
            get { return _set != 0; }
        }

        public void Set()
        {
            _set = 1;
        }
    }
}
