using System.IO;
using System.Linq;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// Every reference assembly must declare exactly what its nanoFramework API list holds: a member,
    /// constant or enum value the device lacks must never be declared, and none may be missing.
    /// </summary>
    public class ApiConformanceTests
    {
        // Every nanoFramework API list: each compiles (with its shape) and declares exactly what the list holds.
        public static TheoryData<string> Conforming => new TheoryData<string>
        {
            "Iot.Device.Button", "Iot.Device.DhcpServer", "Iot.Device.KeyMatrix", "Iot.Device.Ssd13xx",
            "System.Device.Gpio", "System.Device.I2c", "System.Device.I2s", "System.Device.Spi",
            "System.Device.Wifi", "System.IO.FileSystem", "System.IO.Streams", "System.Math",
            "System.Net", "System.Net.Http", "System.Net.Http.Client", "System.Net.Http.Server",
            "System.Security.Cryptography", "mscorlib", "nanoFramework.Hardware.Esp32", "nanoFramework.Runtime.Events",
            "nanoFramework.System.Collections", "nanoFramework.System.Text", "nanoFramework.System.Threading", "nanoFramework.TestFramework",
        };

        [Theory]
        [MemberData(nameof(Conforming))]
        public void Reference_assembly_matches_its_list(string assembly)
        {
            var problems = Fixture.Check.CheckConformance(assembly);
            Assert.True(problems.Count == 0, assembly + ":\n" + string.Join("\n", problems.Take(40)));
        }

        [Fact]
        public void Every_list_the_device_projects_reference_conforms()
        {
            var projects = DeviceProject.FromSolution(Path.Combine(Fixture.Root, "Phone.sln")).Select(DeviceProject.Load).ToList();
            Assert.NotEmpty(projects);
            var used = projects.SelectMany(p => p.References).Where(Fixture.Check.References.Has).Distinct().ToList();
            Assert.Contains("mscorlib", used);
            foreach (string asm in Fixture.Check.References.Closure(used))
                Assert.Empty(Fixture.Check.CheckConformance(asm));
        }

        [Fact]
        public void The_check_notices_a_member_the_device_lacks()
        {
            // A list with one member removed must make the (unchanged) assembly fail conformance.
            var list = Fixture.Check.References.Index.Lists["nanoFramework.System.Text"];
            var trimmed = new ApiList(list.Assembly);
            trimmed.Entries.AddRange(list.Entries.Where(e => e.Key != "System.Text.StringBuilder.Append(System.String):System.Text.StringBuilder"));
            Assert.Equal(list.Entries.Count - 1, trimmed.Entries.Count);
            var problems = ApiConformance.Compare(trimmed, Fixture.Check.References.Image(list.Assembly));
            Assert.Contains(problems, p => p.Contains("StringBuilder.Append(System.String)") && p.Contains("device lacks it"));
        }

        [Fact]
        public void The_check_notices_a_wrong_constant()
        {
            var list = Fixture.Check.References.Index.Lists["mscorlib"];
            var altered = new ApiList(list.Assembly);
            foreach (ApiEntry e in list.Entries)
            {
                altered.Entries.Add(e.Key == "System.AttributeTargets.Class:System.AttributeTargets"
                    ? ApiList.Parse("F System.AttributeTargets.Class:System.AttributeTargets static | const = 5", "mscorlib", 0)
                    : e);
            }
            var problems = ApiConformance.Compare(altered, Fixture.Check.References.Image("mscorlib"));
            Assert.Contains(problems, p => p.Contains("AttributeTargets.Class") && p.Contains("value differs"));
        }

        [Fact]
        public void Host_TestFramework_has_exactly_the_device_API()
        {
            // The shared tests compile against our host implementation; it must offer nothing the device lacks.
            string dll = Path.Combine(System.AppContext.BaseDirectory, "nanoFramework.TestFramework.dll");
            var list = Fixture.Check.References.Index.Lists["nanoFramework.TestFramework"];
            var problems = ApiConformance.Compare(list, File.ReadAllBytes(dll));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
