using System;
using System.IO;
using System.Threading;

namespace Phone.Tools.Provision
{
    /// <summary>Host tool for nf.config: check it, push it to a phone, serve it for the pull path, make a nanoff deployment file, or stand in for a phone.</summary>
    public static class Program
    {
        public const string Usage =
@"Provision - nf.config tool for the phone

  provision validate FILE
      Check FILE with the phone's own parser. Prints every error with its line; exit 1 on errors.

  provision push --to https://HOST[:PORT] --pin SHA256 (--code CODE | --admin-password PASSWORD) [--force-downgrade] FILE
      POST FILE to the phone's /config over HTTPS. --pin is the certificate fingerprint the
      phone's display shows (64 hex digits, colons allowed); any other certificate is refused
      before anything is sent, and plain http is never used. CODE is the one-time code on the
      display; the admin password (device.admin_password) is sent as Basic auth for user admin.
      --force-downgrade (admin only) accepts a file whose [provisioning] version is below the
      highest the phone accepted. Prints the phone's answer; exit 0 when the phone stored or
      already had the file.

  provision serve --dir DIR [--port N] [--bind ADDR] (--cert PFX [--cert-password P] | --state DIR [--name HOST]...)
      HTTPS folder for provisioning.url: GET /NAME answers DIR/NAME (e.g. nf-246f28a1b2c3.config).
      --state makes (once) a throwaway CA and a server certificate for localhost, 127.0.0.1 and
      each --name; put STATE/ca.pem into nf.config as tls.ca. Default port 8443.

  provision nanoff-json FILE --out deploy.json [--serialport PORT] [--dest I:\nf.config] [--clean] [--identity DIR]
      Write the JSON for `nanoff --filedeployment deploy.json` that puts FILE on the phone's I:
      drive (after checking it). --clean also deletes an unfinished update (nf.config.new,
      nf.config.commit).

  provision device --state DIR [--port N] [--bind ADDR]
      Host stand-in for a phone in provisioning mode: the provisioning endpoint over HTTPS
      (default port 8080) with a self-signed certificate made once in DIR (prov.crt, prov.key),
      nf.config kept in DIR with the phone's last-known-good rules. Prints what the phone's
      display would show: the certificate fingerprint and the one-time code.

  provision identity --state DIR
      Make (once) the phone's LAN TLS identity in DIR: prov.key (ECDSA P-256) and a self-signed
      prov.crt, and print its SHA-256 fingerprint. Deploy both to I:\ with
      nanoff-json --identity DIR; the phone shows the fingerprint for push --pin.

  provision --help
";

        public static int Main(string[] args)
        {
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
            return Run(args, Console.Out, Console.Error, cts.Token);
        }

        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help")
            {
                output.Write(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            try
            {
                switch (args[0])
                {
                    case "validate": return ValidateCommand.Run(args, output, error);
                    case "push": return PushCommand.Run(args, output, error);
                    case "serve": return ServeCommand.Run(args, output, error, cancel);
                    case "nanoff-json": return NanoffJsonCommand.Run(args, output, error);
                    case "device": return DeviceCommand.Run(args, output, error, cancel);
                    case "identity": return IdentityCommand(args, output);
                    default:
                        error.WriteLine("unknown command '" + args[0] + "'; see provision --help");
                        return 2;
                }
            }
            catch (UsageException e)
            {
                error.WriteLine(e.Message);
                error.WriteLine("see provision --help");
                return 2;
            }
        }

        private static int IdentityCommand(string[] args, TextWriter output)
        {
            Options o = Options.Parse(args, 1);
            if (o.Error != null) throw new UsageException(o.Error);
            if (o.Unknown("state") != null) throw new UsageException("unknown option " + o.Unknown("state"));
            string state = o.Get("state") ?? throw new UsageException("--state DIR is required");
            DeviceIdentity identity = DeviceIdentity.LoadOrCreate(state);
            output.WriteLine("fingerprint SHA256 " + identity.Fingerprint);
            return 0;
        }
    }

    /// <summary>A command line that cannot be carried out as written (exit code 2).</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message)
        {
        }
    }
}
