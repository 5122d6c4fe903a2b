using System.IO;
using System.Linq;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// References resolve to API lists by assembly name, else by the package named in their HintPath: the
    /// nanoFramework.System.Threading package ships System.Threading.dll and projects reference it as
    /// Include="System.Threading". A name that is neither is still refused (NF0002).
    /// </summary>
    public class ReferenceResolutionTests
    {
        [Theory]
        [InlineData(@"..\..\packages\nanoFramework.System.Threading.1.1.52\lib\System.Threading.dll", "nanoFramework.System.Threading")]
        [InlineData(@"..\packages\nanoFramework.System.Device.Wifi.1.5.147\lib\System.Device.Wifi.dll", "nanoFramework.System.Device.Wifi")]
        [InlineData(@"..\..\packages\nanoFramework.TestFramework.3.0.77-preview.2\lib\nanoFramework.TestFramework.dll", "nanoFramework.TestFramework")]
        [InlineData(@"lib\System.Threading.dll", null)]
        [InlineData(null, null)]
        public void PackageOf_HintPath(string hintPath, string package)
        {
            Assert.Equal(package, DeviceProject.PackageOf(hintPath));
        }

        private static string Project(string dir, string include, string hintPath)
        {
            File.WriteAllText(Path.Combine(dir, "Uses.cs"),
                "namespace P { public static class Uses { public static void Run() { System.Threading.Timeout.Infinite.ToString(); new System.Threading.CancellationTokenSource().Cancel(); } } }");
            string path = Path.Combine(dir, "P.nfproj");
            File.WriteAllText(path,
                "<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\"><PropertyGroup><AssemblyName>P</AssemblyName><OutputType>Library</OutputType></PropertyGroup>" +
                "<ItemGroup><Compile Include=\"Uses.cs\" /></ItemGroup><ItemGroup>" +
                "<Reference Include=\"mscorlib\"><HintPath>..\\packages\\nanoFramework.CoreLibrary.1.17.11\\lib\\mscorlib.dll</HintPath></Reference>" +
                "<Reference Include=\"" + include + "\">" + (hintPath == null ? "" : "<HintPath>" + hintPath + "</HintPath>") + "</Reference>" +
                "</ItemGroup></Project>");
            return path;
        }

        [Fact]
        public void AssemblyNamedOtherwiseThanItsPackage_ResolvesThroughTheHintPath()
        {
            string dir = Directory.CreateTempSubdirectory("tc-ref").FullName;
            CompiledDevice built = Fixture.Check.Build(DeviceProject.Load(Project(dir, "System.Threading", @"..\packages\nanoFramework.System.Threading.1.1.52\lib\System.Threading.dll")));
            Assert.True(built.Success, string.Join("\n", built.Findings));
        }

        [Fact]
        public void UnknownNameWithoutAPackage_IsRefused()
        {
            string dir = Directory.CreateTempSubdirectory("tc-ref").FullName;
            CompiledDevice built = Fixture.Check.Build(DeviceProject.Load(Project(dir, "System.Threading", null)));
            Assert.False(built.Success);
            Assert.Contains(built.Findings, f => f.Code == "NF0002" && f.Message.Contains("System.Threading"));
        }
    }
}
