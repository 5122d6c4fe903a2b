using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Phone.Device.Board;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// The board profiles shipped in hardware/profiles pass the parser and the ESP32 pin rules, and
    /// hardware/pinmap.md (what a builder wires by) says exactly what phone-v1.board says, so the
    /// documentation cannot drift from the data the firmware reads.
    /// </summary>
    public class BoardProfileFileTests
    {
        private static string Profiles => Path.Combine(RepoPaths.Root, "hardware", "profiles");

        private static BoardProfileResult Load(string path)
        {
            byte[] data = File.ReadAllBytes(path);
            return BoardProfileParser.Parse(data, 0, data.Length);
        }

        public static IEnumerable<object[]> ProfileFiles() =>
            Directory.GetFiles(Path.Combine(RepoPaths.Root, "hardware", "profiles"), "*.board").Select(f => new object[] { Path.GetFileName(f) });

        [Theory]
        [MemberData(nameof(ProfileFiles))]
        public void ShippedProfileIsValid(string file)
        {
            BoardProfileResult r = Load(Path.Combine(Profiles, file));
            string errors = string.Join("; ", Enumerable.Range(0, r.ErrorCount).Select(i => r.GetError(i).ToString()));
            Assert.True(r.IsValid, file + ": " + errors);
        }

        [Fact]
        public void ReferenceProfileIsTheWroverHandset()
        {
            BoardProfile p = Load(Path.Combine(Profiles, "phone-v1.board")).Profile;
            Assert.Equal(BoardModule.Esp32WroverE, p.Module);
            Assert.Equal("ESP32_PSRAM_REV3", p.FirmwareTarget);
            Assert.NotEqual(p.MicBus, p.SpeakerBus);
            Assert.Equal(2048000, p.MicSckHz);
            Assert.Equal(0x3C, p.DisplayAddress);
            Assert.Equal(128, p.DisplayWidth);
            Assert.Equal(64, p.DisplayHeight);
        }

        [Fact]
        public void PinMapTableMatchesTheProfile()
        {
            BoardProfile p = Load(Path.Combine(Profiles, "phone-v1.board")).Profile;
            var fromProfile = new SortedDictionary<int, string>();
            for (int i = 0; i < p.PinCount; i++)
            {
                BoardPin pin = p.GetPin(i);
                bool list = pin.Role == BoardPinRole.KeypadRow || pin.Role == BoardPinRole.KeypadColumn;
                fromProfile.Add(pin.Gpio, list ? pin.Key + "[" + pin.Index + "]" : pin.Key);
            }

            // Rows of the first table: | GPIO | `key` | ...
            string text = File.ReadAllText(Path.Combine(RepoPaths.Root, "hardware", "pinmap.md"));
            string firstTable = text.Substring(0, text.IndexOf("## Not used", StringComparison.Ordinal));
            var fromDoc = new SortedDictionary<int, string>();
            foreach (Match m in Regex.Matches(firstTable, @"^\| (\d+) \| `([^`]+)` \|", RegexOptions.Multiline))
            {
                fromDoc.Add(int.Parse(m.Groups[1].Value), m.Groups[2].Value);
            }

            Assert.Equal(fromProfile, fromDoc);

            // The "not used" table names no pin the profile uses.
            string unused = text.Substring(text.IndexOf("## Not used", StringComparison.Ordinal));
            foreach (Match m in Regex.Matches(unused, @"^\| ([\d, –]+) \|", RegexOptions.Multiline))
            {
                foreach (string part in m.Groups[1].Value.Split(','))
                {
                    string[] range = part.Trim().Split('–');
                    int lo = int.Parse(range[0]);
                    int hi = range.Length > 1 ? int.Parse(range[1]) : lo;
                    for (int g = lo; g <= hi; g++) Assert.False(fromProfile.ContainsKey(g), "GPIO" + g + " listed as unused");
                }
            }
        }
    }
}
