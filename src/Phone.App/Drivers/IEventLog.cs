namespace Phone.App.Drivers
{
    /// <summary>
    /// One line per thing that happened to the phone (registration changes, call events, media starts, updates and
    /// stops, keys): the serial console on the board, the virtual handset's log on the host. Called on the app's
    /// loop for events only, never per packet; a driver must not block. Lines never carry secrets (no keys, no
    /// passwords, no SDP bodies).
    /// </summary>
    public interface IEventLog
    {
        void Line(string text);
    }
}
