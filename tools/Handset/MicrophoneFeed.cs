namespace Phone.Tools.Handset
{
    /// <summary>
    /// Feeds an 8 kHz <see cref="IMicrophone"/> to the microphone model at the board's microphone rate: at a higher
    /// rate each sample is held for rate / 8000 slots, which the app's decimator (an average of each group) turns back
    /// into exactly that sample. Called on the media thread with consecutive slot numbers; reads the source in blocks.
    /// </summary>
    public sealed class MicrophoneFeed
    {
        private readonly IMicrophone _source;
        private readonly short[] _block = new short[160];
        private int _have;
        private int _at;
        private long _last = -1;
        private short _current;

        public MicrophoneFeed(IMicrophone source)
        {
            _source = source;
        }

        /// <summary>Slot n at the given rate.</summary>
        public short Sample(int rate, int n)
        {
            long i = rate <= 8000 ? n : (long)n * 8000 / rate;
            if (i != _last)
            {
                _last = i;
                if (_at == _have)
                {
                    _source.Read(_block, 0, _block.Length);
                    _have = _block.Length;
                    _at = 0;
                }

                _current = _block[_at++];
            }

            return _current;
        }
    }
}
