using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Device.Storage;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// provision nanoff-json: the file for `nanoff --filedeployment`. nanoff (nanoFirmwareFlasher,
    /// FileDeploymentManager) reads an optional "SerialPort" and a list "Files" of
    /// { "DestinationFilePath", "SourceFilePath" }; an entry with an empty SourceFilePath deletes the destination.
    /// </summary>
    public static class NanoffJsonCommand
    {
        public const string DefaultDestination = "I:\\" + ConfigStore.CurrentName;

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            Options o = Options.Parse(args, 1, "clean");
            if (o.Error != null) throw new UsageException(o.Error);
            if (o.Unknown("out", "serialport", "dest", "clean", "identity") != null) throw new UsageException("unknown option " + o.Unknown("out", "serialport", "dest", "clean", "identity"));
            if (o.Positional.Count != 1) throw new UsageException("nanoff-json takes one file");
            string outPath = o.Get("out") ?? throw new UsageException("--out deploy.json is required");
            string source = Path.GetFullPath(o.Positional[0]);
            if (!File.Exists(source))
            {
                error.WriteLine(source + ": no such file");
                return 2;
            }

            ConfigResult result = ValidateCommand.Check(File.ReadAllBytes(source));
            if (!result.IsValid)
            {
                ValidateCommand.Print(o.Positional[0], result.Errors, error);
                error.WriteLine("not written: the phone would refuse this file");
                return 1;
            }

            string dest = o.Get("dest") ?? DefaultDestination;
            string identity = o.Get("identity");
            if (identity != null && (!File.Exists(Path.Combine(identity, SetupPolicy.EndpointCertName)) || !File.Exists(Path.Combine(identity, SetupPolicy.EndpointKeyName))))
            {
                error.WriteLine(identity + ": no " + SetupPolicy.EndpointCertName + "/" + SetupPolicy.EndpointKeyName + "; make them with provision identity --state " + identity);
                return 2;
            }

            File.WriteAllText(outPath, Build(source, dest, o.Get("serialport"), o.Has("clean"), identity == null ? null : Path.GetFullPath(identity)));
            output.WriteLine("wrote " + outPath + ": nanoff --filedeployment " + outPath + (o.Get("serialport") == null ? " --serialport PORT" : string.Empty));
            return 0;
        }

        public static string Build(string source, string destination, string serialPort, bool clean, string identity = null)
        {
            var files = new JsonArray();
            if (clean)
            {
                // Leftovers of an interrupted update would otherwise be rolled forward over the deployed file.
                string dir = destination.Substring(0, destination.LastIndexOf('\\') + 1);
                files.Add(new JsonObject { ["DestinationFilePath"] = dir + ConfigStore.MarkerName, ["SourceFilePath"] = "" });
                files.Add(new JsonObject { ["DestinationFilePath"] = dir + ConfigStore.NewName, ["SourceFilePath"] = "" });
            }

            files.Add(new JsonObject { ["DestinationFilePath"] = destination, ["SourceFilePath"] = source });
            if (identity != null)
            {
                // The LAN endpoint's TLS identity (docs/provisioning.md, "HTTPS on the LAN").
                string dir = destination.Substring(0, destination.LastIndexOf('\\') + 1);
                files.Add(new JsonObject { ["DestinationFilePath"] = dir + SetupPolicy.EndpointCertName, ["SourceFilePath"] = Path.Combine(identity, SetupPolicy.EndpointCertName) });
                files.Add(new JsonObject { ["DestinationFilePath"] = dir + SetupPolicy.EndpointKeyName, ["SourceFilePath"] = Path.Combine(identity, SetupPolicy.EndpointKeyName) });
            }

            var root = new JsonObject();
            if (serialPort != null) root["SerialPort"] = serialPort;
            root["Files"] = files;
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        }
    }
}
