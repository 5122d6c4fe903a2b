namespace Phone.App.Drivers
{
    /// <summary>Restarts the phone (a software reset on the board; the host's harness boots a new app).</summary>
    public interface IRestart
    {
        void Restart();
    }
}
