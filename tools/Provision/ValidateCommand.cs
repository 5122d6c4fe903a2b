using System.IO;
using Phone.Config;

namespace Phone.Tools.Provision
{
    /// <summary>provision validate FILE: the phone's parser on the host.</summary>
    public static class ValidateCommand
    {
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            Options o = Options.Parse(args, 1);
            if (o.Error != null) throw new UsageException(o.Error);
            if (o.Unknown() != null) throw new UsageException("unknown option " + o.Unknown());
            if (o.Positional.Count != 1) throw new UsageException("validate takes one file");
            string path = o.Positional[0];
            if (!File.Exists(path))
            {
                error.WriteLine(path + ": no such file");
                return 2;
            }

            ConfigResult result = Check(File.ReadAllBytes(path));
            if (result.IsValid)
            {
                output.WriteLine(path + ": OK");
                return 0;
            }

            Print(path, result.Errors, error);
            return 1;
        }

        /// <summary>The phone's verdict on the bytes (the parser reports FileTooLarge itself before reading).</summary>
        public static ConfigResult Check(byte[] data) => ConfigParser.Parse(data, 0, data.Length);

        /// <summary>"FILE: line 9 [sip] port: OutOfRange: 1..65535" per error; the parser never includes values.</summary>
        public static void Print(string path, ConfigError[] errors, TextWriter to)
        {
            foreach (ConfigError e in errors) to.WriteLine(path + ": " + e);
            to.WriteLine(path + ": " + errors.Length + (errors.Length == 1 ? " error" : " errors"));
        }
    }
}
