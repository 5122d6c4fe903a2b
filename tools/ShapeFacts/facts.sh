#!/usr/bin/env bash
# Re-reads the facts of all 23 generated packages from their sources into tools/TargetCheck/Api/*.txt
# (type modifiers) and tools/TargetCheck/Shapes/*.shape (the section after '# >>> facts').
#   usage: tools/ShapeFacts/facts.sh SOURCES_DIR
# SOURCES_DIR/<repository> must hold nanoframework/<repository> at the commit Api/README.md names
# (e.g. git -C System.Device.Gpio checkout cd991582); nanoFramework.IoT.Device needs only devices/.
# Review the diff: a fact that changed is a change of the device API.
set -euo pipefail
S=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
dotnet build tools/ShapeFacts -nologo -v:q
A=tools/TargetCheck/Api; H=tools/TargetCheck/Shapes
run() { dotnet tools/ShapeFacts/bin/Debug/net10.0/ShapeFacts.dll "$A" "$H" "$@"; }
run System.Device.Gpio   "$S/System.Device.Gpio/System.Device.Gpio/System.Device.Gpio.nfproj" System.Device.Gpio@cd991582
run System.Device.I2c    "$S/System.Device.I2c/System.Device.I2c/System.Device.I2c.nfproj" System.Device.I2c@f0f98eca
run System.Device.I2s    "$S/System.Device.I2s/System.Device.I2s/System.Device.I2s.nfproj" System.Device.I2s@d0510b03
run System.Device.Spi    "$S/System.Device.Spi/System.Device.Spi/System.Device.Spi.nfproj" System.Device.Spi@cdab4eca
run System.Device.Wifi   "$S/System.Device.Wifi/System.Device.Wifi/System.Device.Wifi.nfproj" System.Device.Wifi@282a9067
run System.IO.FileSystem "$S/System.IO.FileSystem/System.IO.FileSystem/System.IO.FileSystem.nfproj" System.IO.FileSystem@434b26c6
run System.IO.Streams    "$S/System.IO.Streams/System.IO.Streams/System.IO.Streams.nfproj" System.IO.Streams@ff384f98
run System.Math          "$S/System.Math/nanoFramework.System.Math/nanoFramework.System.Math.nfproj" System.Math@9e35956f
run System.Net           "$S/System.Net/nanoFramework.System.Net/System.Net.nfproj" System.Net@713b02c9
run System.Net.Http        "$S/System.Net.Http/nanoFramework.System.Net.Http/System.Net.Http.nfproj" System.Net.Http@a37532d0
run System.Net.Http.Client "$S/System.Net.Http/nanoFramework.System.Net.Http.Client/System.Net.Http.Client.nfproj" System.Net.Http@a37532d0
run System.Net.Http.Server "$S/System.Net.Http/nanoFramework.System.Net.Http.Server/System.Net.Http.Server.nfproj" System.Net.Http@a37532d0
run System.Security.Cryptography "$S/System.Security.Cryptography/System.Security.Cryptography/System.Security.Cryptography.nfproj" System.Security.Cryptography@04ba7524
run nanoFramework.Hardware.Esp32 "$S/nanoFramework.Hardware.Esp32/nanoFramework.Hardware.Esp32/nanoFramework.Hardware.Esp32.nfproj" nanoFramework.Hardware.Esp32@579dbaf2
run nanoFramework.Runtime.Events "$S/nanoFramework.Runtime.Events/nanoFramework.Runtime.Events/nanoFramework.Runtime.Events.nfproj" nanoFramework.Runtime.Events@ec7a0a09
run nanoFramework.System.Collections "$S/System.Collections/nanoFramework.System.Collections/nanoFramework.System.Collections.nfproj" System.Collections@c334f95d
run nanoFramework.System.Text "$S/System.Text/nanoFramework.System.Text/nanoFramework.System.Text.nfproj" System.Text@4c12b0e8
run nanoFramework.System.Threading "$S/System.Threading/nanoFramework.System.Threading/nanoFramework.System.Threading.nfproj" System.Threading@ebe97804
# TestFramework compiles a shared project (TestFrameworkShared.projitems) as well.
run nanoFramework.TestFramework "$S/nanoFramework.TestFramework/source/TestFramework/nanoFramework.TestFramework.nfproj" nanoFramework.TestFramework@d4fa55eb \
    "$S/nanoFramework.TestFramework/source/TestFrameworkShared"
run Iot.Device.Button     "$S/nanoFramework.IoT.Device/devices/Button/Button.nfproj" nanoFramework.IoT.Device@122ebb1a
run Iot.Device.DhcpServer "$S/nanoFramework.IoT.Device/devices/DhcpServer/DhcpServer.nfproj" nanoFramework.IoT.Device@122ebb1a
run Iot.Device.KeyMatrix  "$S/nanoFramework.IoT.Device/devices/KeyMatrix/KeyMatrix.nfproj" nanoFramework.IoT.Device@122ebb1a
run Iot.Device.Ssd13xx    "$S/nanoFramework.IoT.Device/devices/Ssd13xx/Ssd13xx.nfproj" nanoFramework.IoT.Device@122ebb1a
