using System.Text;

namespace Phone.Config
{
    /// <summary>
    /// Reads nf.config bytes straight from flash into a PhoneConfig. Never throws: every problem, up to
    /// ConfigErrorList.MaxErrors, is returned with its line, section, key and code, so one boot shows the
    /// user all mistakes at once. Format rules are in docs/nf-config.md.
    /// </summary>
    public sealed class ConfigParser
    {
        /// <summary>Far above a complete file with three inline certificates, small enough to hold in the device heap.</summary>
        public const int MaxFileBytes = 32768;

        /// <summary>Longest line in bytes, not counting CR/LF; fits every key, a 256-character URL and PEM lines.</summary>
        public const int MaxLineBytes = 512;

        private const int NoSection = -1;
        private const int IgnoredSection = -2;
        private const string PemBegin = "-----BEGIN ";
        private const string PemEnd = "-----END ";

        private readonly PhoneConfig _config = new PhoneConfig();
        private readonly ConfigErrorList _errors = new ConfigErrorList();
        private readonly bool[] _sectionSeen = new bool[ConfigSchema.SectionCount];
        private readonly bool[] _keySeen = new bool[ConfigSchema.KeyCount];
        private readonly bool[] _keyBad = new bool[ConfigSchema.KeyCount];
        private readonly int[] _keyLine = new int[ConfigSchema.KeyCount];
        private int _section = NoSection;

        // An inline PEM value being collected: the key it belongs to (-1 = consume and drop), where it
        // started, the END line that closes the current block (null once closed), and whether a line of
        // it was unusable.
        private bool _inPem;
        private int _pemKey;
        private int _pemLine;
        private string _pemEndLine;
        private bool _pemBroken;
        private StringBuilder _pemText;

        private ConfigParser()
        {
        }

        /// <summary>Parses data[offset .. offset+count). Bad input yields errors in the result, never an exception.</summary>
        public static ConfigResult Parse(byte[] data, int offset, int count)
        {
            ConfigParser p = new ConfigParser();
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                p._errors.Add(ConfigErrorCode.InvalidInput, 0, null, null, "no data, or offset/count outside the buffer");
                return new ConfigResult(p._config, p._errors.ToArray());
            }
            // Checked before touching the bytes: an oversized file is not scanned at all.
            if (count > MaxFileBytes)
            {
                p._errors.Add(ConfigErrorCode.FileTooLarge, 0, null, null, "at most " + MaxFileBytes.ToString() + " bytes");
                return new ConfigResult(p._config, p._errors.ToArray());
            }
            p.Run(data, offset, offset + count);
            if (!p._errors.IsFull)
            {
                ConfigValidator.Validate(p._config, p._keySeen, p._keyBad, p._keyLine, p._errors);
            }
            return new ConfigResult(p._config, p._errors.ToArray());
        }

        private void Run(byte[] data, int pos, int end)
        {
            if (end - pos >= 3 && data[pos] == 0xEF && data[pos + 1] == 0xBB && data[pos + 2] == 0xBF) pos += 3;

            int lineNo = 0;
            while (pos < end && !_errors.IsFull)
            {
                lineNo++;
                int lf = pos;
                while (lf < end && data[lf] != 0x0A) lf++;
                int next = lf < end ? lf + 1 : end;
                int contentEnd = lf;
                // CR belongs to the line break before LF; a file cut between CR and LF loses nothing either.
                if (contentEnd > pos && data[contentEnd - 1] == 0x0D) contentEnd--;

                int length = contentEnd - pos;
                if (length > MaxLineBytes)
                {
                    _errors.Add(ConfigErrorCode.LineTooLong, lineNo, CurrentSectionName(), null, "at most " + MaxLineBytes.ToString() + " bytes per line");
                    if (_inPem) _pemBroken = true;
                }
                else
                {
                    string detail;
                    ConfigErrorCode problem = Utf8LineCheck.Check(data, pos, contentEnd, out detail);
                    if (problem != 0)
                    {
                        _errors.Add(problem, lineNo, CurrentSectionName(), null, detail);
                        if (_inPem) _pemBroken = true;
                    }
                    else
                    {
                        string line = length == 0 ? "" : new string(Encoding.UTF8.GetChars(data, pos, length));
                        ProcessLine(line, lineNo);
                    }
                }
                pos = next;
            }

            if (_inPem && !_errors.IsFull)
            {
                if (_pemEndLine == null) FinishPem();
                else UnterminatedPem();
            }
        }

        private void ProcessLine(string raw, int lineNo)
        {
            string t = ConfigText.Trim(raw);
            if (_inPem)
            {
                if (ContinuePem(t)) return;
            }

            if (t.Length == 0 || t[0] == '#') return;

            if (t[0] == '[')
            {
                SectionHeader(t, lineNo);
                return;
            }

            int eq = t.IndexOf('=');
            if (eq < 0)
            {
                _errors.Add(ConfigErrorCode.SyntaxError, lineNo, CurrentSectionName(), null, "expected [section], key = value or a # comment");
                return;
            }
            string key = ConfigText.AsciiLower(ConfigText.Trim(t.Substring(0, eq)));
            string value = ConfigText.Trim(ConfigText.After(t, eq));
            bool pem = value.StartsWith(PemBegin);
            int id = -1;

            if (key.Length == 0)
            {
                _errors.Add(ConfigErrorCode.SyntaxError, lineNo, CurrentSectionName(), null, "missing key before '='");
            }
            else if (_section == NoSection)
            {
                _errors.Add(ConfigErrorCode.KeyOutsideSection, lineNo, null, key, "every key must follow a [section] header");
            }
            else if (_section != IgnoredSection)
            {
                id = ConfigSchema.FindKey(_section, key);
                if (id < 0)
                {
                    _errors.Add(ConfigErrorCode.UnknownKey, lineNo, CurrentSectionName(), key, "not a key of this section");
                }
                else if (_keySeen[id])
                {
                    _errors.Add(ConfigErrorCode.DuplicateKey, lineNo, CurrentSectionName(), key, "already given on line " + _keyLine[id].ToString() + "; the first value is kept");
                    id = -1;
                }
                else
                {
                    _keySeen[id] = true;
                    _keyLine[id] = lineNo;
                    if (value.Length == 0)
                    {
                        _errors.Add(ConfigErrorCode.EmptyValue, lineNo, CurrentSectionName(), key, "a value is required after '='; remove or comment out the line to keep the default");
                        _keyBad[id] = true;
                        id = -1;
                    }
                }
            }

            if (pem)
            {
                // The block is consumed even for a key that was rejected, so its body is not read as more errors.
                StartPem(id, lineNo, value);
                return;
            }
            if (id >= 0 && !ConfigBinder.Apply(_config, id, value, false, lineNo, _errors)) _keyBad[id] = true;
        }

        private void SectionHeader(string t, int lineNo)
        {
            _section = IgnoredSection;
            int close = t.IndexOf(']');
            if (close < 0)
            {
                _errors.Add(ConfigErrorCode.SyntaxError, lineNo, null, null, "section header without closing ']'");
                return;
            }
            if (close != t.Length - 1)
            {
                _errors.Add(ConfigErrorCode.SyntaxError, lineNo, null, null, "text after ']' of a section header");
                return;
            }
            string name = ConfigText.AsciiLower(ConfigText.Trim(t.Substring(1, close - 1)));
            if (name.Length == 0)
            {
                _errors.Add(ConfigErrorCode.SyntaxError, lineNo, null, null, "empty section name");
                return;
            }
            int index = ConfigSchema.FindSection(name);
            if (index < 0)
            {
                _errors.Add(ConfigErrorCode.UnknownSection, lineNo, name, null, "expected device, wifi, sip, tls, srtp, audio or provisioning; its keys are skipped");
                return;
            }
            if (_sectionSeen[index])
            {
                // Not merged silently: a second [sip] is usually a pasted block that would override the first.
                _errors.Add(ConfigErrorCode.DuplicateSection, lineNo, name, null, "section appears more than once; put all its keys in one place");
            }
            _sectionSeen[index] = true;
            _section = index;
        }

        private void StartPem(int key, int lineNo, string beginLine)
        {
            _inPem = true;
            _pemKey = key;
            _pemLine = lineNo;
            _pemBroken = false;
            _pemText = new StringBuilder();
            OpenPemBlock(beginLine);
        }

        private void OpenPemBlock(string beginLine)
        {
            _pemText.Append(beginLine).Append('\n');
            int stop = beginLine.LastIndexOf("-----");
            if (stop <= PemBegin.Length || !beginLine.EndsWith("-----"))
            {
                // Without a well-formed label the END line cannot be matched; any END line closes the block.
                _pemBroken = true;
                _pemEndLine = PemEnd;
                if (_pemKey >= 0)
                {
                    _errors.Add(ConfigErrorCode.BadValue, _pemLine, CurrentSectionName(), ConfigSchema.KeyName(_pemKey), "expected a PEM header of the form -----BEGIN LABEL-----");
                    _keyBad[_pemKey] = true;
                }
                return;
            }
            _pemEndLine = PemEnd + beginLine.Substring(PemBegin.Length, stop - PemBegin.Length) + "-----";
        }

        /// <summary>Returns true when the line was part of the PEM value; false ends the value and the line is read normally.</summary>
        private bool ContinuePem(string t)
        {
            if (_pemEndLine == null)
            {
                // Between blocks: another BEGIN continues a certificate chain, anything else ends the value.
                if (t.StartsWith(PemBegin))
                {
                    OpenPemBlock(t);
                    return true;
                }
                FinishPem();
                return false;
            }
            bool closes = _pemEndLine == PemEnd ? t.StartsWith(PemEnd) : t == _pemEndLine;
            if (closes)
            {
                _pemText.Append(t).Append('\n');
                _pemEndLine = null;
                return true;
            }
            if (ConfigText.IsBase64Line(t))
            {
                _pemText.Append(t).Append('\n');
                return true;
            }
            UnterminatedPem();
            return false;
        }

        private void FinishPem()
        {
            _inPem = false;
            if (_pemKey >= 0 && !_pemBroken)
            {
                if (!ConfigBinder.Apply(_config, _pemKey, _pemText.ToString(), true, _pemLine, _errors)) _keyBad[_pemKey] = true;
            }
            else if (_pemKey >= 0)
            {
                _keyBad[_pemKey] = true;
            }
            _pemText = null;
        }

        private void UnterminatedPem()
        {
            _inPem = false;
            _pemText = null;
            if (_pemKey < 0) return;
            _keyBad[_pemKey] = true;
            _errors.Add(ConfigErrorCode.UnterminatedPem, _pemLine, ConfigSchema.SectionName(ConfigSchema.SectionOf(_pemKey)), ConfigSchema.KeyName(_pemKey), "expected base64 lines up to " + _pemEndLine);
        }

        private string CurrentSectionName()
        {
            return _section >= 0 ? ConfigSchema.SectionName(_section) : null;
        }
    }
}
