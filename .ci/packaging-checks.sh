#!/usr/bin/env bash
# Packaging and platform checks (issue 18), run by .ci/run after the main test run:
#   1. the netstandard2.0 build on .NET Framework 4.7.2 under Mono (tests/OpenAIImages.NetFx.Tests, xunit's console
#      runner), its results written as a TRX into the results folder given as $1, where .ci/run counts them;
#   2. the packages: packed, checked (README, icon, release notes, .snupkg with SourceLink at the built commit, the
#      repository commit in the nuspec, strong names with the repository's public key token, the appsettings schema),
#      installed from a local folder into a fresh project and run, and the CLI tool installed and run;
#      the ReadyToRun images (runtimes/{rid}/lib/net10.0) checked and seen loaded, the fresh project published native
#      AOT from the packages, and the cold-start benchmark's package row run once;
#   3. the native AOT sample published with its IL2xxx/IL3xxx warnings counted (any fails), then run and checked.
# Each failed check prints one line starting "packaging: FAILED:"; the last line is "packaging: N passed, N failed",
# counting these checks (the tests are counted from the TRX). Exits non-zero when a check or a test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

results=${1:?usage: .ci/packaging-checks.sh RESULTS_DIR}
mkdir -p "$results"
results=$(cd "$results" && pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

token=26107dbe0043b63c # the public key token of OpenAIImages.snk
case $(uname -m) in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid=linux-$(uname -m) ;; esac
commit=$(git rev-parse HEAD)
passed=0
failed=0
tests_failed=0
ok() { echo "packaging: ok: $1"; passed=$((passed + 1)); }
fail() { echo "packaging: FAILED: $1"; failed=$((failed + 1)); }
finish() {
  echo "packaging: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$tests_failed" -eq 0 ]
  exit $?
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log() { echo "$work/$1.log"; }
is_png() { head -c 8 "$1" 2>/dev/null | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'; }

# --- tools: Mono (runs net472, signs and reads strong names), clang and zlib (native AOT's linker) -----------------
missing=()
command -v mono >/dev/null && command -v sn >/dev/null && command -v mcs >/dev/null || missing+=(mono-devel)
command -v clang >/dev/null || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "packaging: installing ${missing[*]} from Debian"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$(log apt)" 2>&1
fi
if command -v mono >/dev/null && command -v sn >/dev/null && command -v mcs >/dev/null && command -v clang >/dev/null && dpkg -s zlib1g-dev >/dev/null 2>&1; then
  ok "mono $(mono --version | head -1 | grep -o 'version [0-9.]*'), clang and zlib1g-dev present"
else
  fail "could not install mono-devel, clang, zlib1g-dev (see apt-get's output: $(tail -1 "$(log apt)" 2>/dev/null))"
  finish
fi

# --- 1. net472 under Mono -------------------------------------------------------------------------------------------
netfx=tests/OpenAIImages.NetFx.Tests
if ! dotnet build "$netfx" -c Release -warnaserror >"$(log netfx-build)" 2>&1; then
  fail "tests/OpenAIImages.NetFx.Tests (net472) does not build: $(grep -m1 -E 'error' "$(log netfx-build)")"
else
  runner=$(dotnet msbuild "$netfx" -getProperty:PkgXunit_runner_console -p:Configuration=Release 2>/dev/null)/tools/net472/xunit.console.exe
  trx="$results/OpenAIImages.NetFx.Tests-mono.trx"
  rm -f "$trx"
  # -noappdomain: Mono's app domains add nothing here; the tests run in the runner's process.
  (cd "$netfx/bin/Release/net472" && mono "$runner" OpenAIImages.NetFx.Tests.dll -noappdomain -nologo -xml "$work/netfx.xml") >"$(log netfx-run)" 2>&1
  if [ ! -s "$work/netfx.xml" ]; then
    fail "the net472 tests did not run under Mono: $(tail -1 "$(log netfx-run)")"
  elif mcs -nologo -out:"$work/XunitToTrx.exe" -r:System.Xml.Linq.dll -r:System.Xml.dll .ci/XunitToTrx.cs >"$(log trx-build)" 2>&1 \
    && summary=$(mono "$work/XunitToTrx.exe" "$work/netfx.xml" "$trx" "OpenAIImages.NetFx.Tests (net472 on Mono)"); then
    ok "net472 tests ran under Mono: $summary (counted from $(basename "$trx"))"
    x=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
    if [ "${x:-0}" -gt 0 ]; then
      tests_failed=$x
      grep -F '[FAIL]' "$(log netfx-run)" | sed 's/^ */packaging: net472 test failed under Mono: /'
    fi
  else
    fail "the net472 results could not be converted to TRX: $(tail -1 "$(log trx-build)")"
  fi
fi

# --- 2. the packages --------------------------------------------------------------------------------------------------
# A version of its own (0.1.0-ci.<time>), so that no copy of an earlier pack in a NuGet cache can stand in for this one.
artifacts="$work/artifacts"
# The packable projects, by name: packing the solution would also ask the web sample, which the Web SDK refuses.
packable=(src/OpenAIImages/OpenAIImages.csproj src/OpenAIImages.Testing/OpenAIImages.Testing.csproj src/OpenAIImages.Extensions.AI/OpenAIImages.Extensions.AI.csproj samples/OpenAIImages.Cli/OpenAIImages.Cli.csproj)
suffix="ci.$(date +%s)"
if ! (for project in "${packable[@]}"; do dotnet pack "$project" -c Release -o "$artifacts" -warnaserror -p:ContinuousIntegrationBuild=true -p:VersionSuffix="$suffix" >>"$(log pack)" 2>&1 || exit 1; done); then
  fail "dotnet pack failed: $(grep -m1 -E 'error' "$(log pack)")"
  finish
fi
version=$(cd "$artifacts" && ls OpenAIImages.0*.nupkg 2>/dev/null | sed 's/^OpenAIImages\.\(.*\)\.nupkg$/\1/')
ok "packed OpenAIImages, OpenAIImages.Testing and OpenAIImages.Cli $version, package validation passed"

for id in OpenAIImages OpenAIImages.Testing OpenAIImages.Cli; do
  nupkg="$artifacts/$id.$version.nupkg"
  snupkg="$artifacts/$id.$version.snupkg"
  dir="$work/unpacked/$id"
  if [ ! -f "$nupkg" ] || [ ! -f "$snupkg" ]; then
    fail "$id: $(basename "$nupkg") or its .snupkg is missing from the packed files"
    continue
  fi
  mkdir -p "$dir/pkg" "$dir/sym"
  (cd "$dir/pkg" && unzip -q "$nupkg") && (cd "$dir/sym" && unzip -q "$snupkg")
  nuspec="$dir/pkg/$id.nuspec"
  problems=()
  grep -q '<readme>README.md</readme>' "$nuspec" && [ -s "$dir/pkg/README.md" ] || problems+=("no README.md")
  case $id in
    OpenAIImages) head -1 "$dir/pkg/README.md" | grep -qx '# OpenAIImages' || problems+=("not the repository's README") ;;
    OpenAIImages.Testing) head -1 "$dir/pkg/README.md" | grep -qx '# OpenAIImages.Testing' || problems+=("not its own README") ;;
    OpenAIImages.Cli) head -1 "$dir/pkg/README.md" | grep -qx '# openai-images' || problems+=("not its own README") ;;
  esac
  grep -q '<icon>icon.png</icon>' "$nuspec" && is_png "$dir/pkg/icon.png" || problems+=("no PNG icon")
  grep -q '<releaseNotes># Changelog' "$nuspec" && [ -s "$dir/pkg/CHANGELOG.md" ] || problems+=("no release notes")
  grep -q "<repository type=\"git\" url=\"https://github.com/openaiimages/openaiimages\"[^>]* commit=\"$commit\"" "$nuspec" || problems+=("nuspec lacks the repository URL with commit $commit")
  dlls=$(cd "$dir/pkg" && find lib tools -name 'OpenAIImages*.dll' 2>/dev/null | sort)
  [ -n "$dlls" ] || problems+=("no OpenAIImages assembly")
  for dll in $dlls; do
    got=$(sn -q -T "$dir/pkg/$dll" 2>/dev/null | grep -o '[0-9a-f]\{16\}$')
    [ "$got" = "$token" ] && sn -q -vf "$dir/pkg/$dll" >/dev/null 2>&1 || problems+=("$dll: public key token '${got:-none}', not a valid strong name with $token")
    pdb="${dll%.dll}.pdb"
    [ -f "$dir/sym/$pdb" ] || [ -f "$dir/pkg/$pdb" ] || { problems+=("$pdb missing from the .snupkg"); continue; }
    sourcelink=$(grep -a -o '{"documents":{[^}]*}}' "$dir/sym/$pdb" "$dir/pkg/$pdb" 2>/dev/null | head -1)
    [[ $sourcelink == *"\"/_/*\":\"https://raw.githubusercontent.com/openaiimages/openaiimages/$commit/*\""* ]] || problems+=("$pdb: SourceLink '${sourcelink:-none}' does not map /_/ to the repository at $commit")
  done
  if [ "$id" = OpenAIImages ]; then
    for f in lib/net10.0/OpenAIImages.dll lib/netstandard2.0/OpenAIImages.dll schemas/OpenAIImages.appsettings.schema.json buildTransitive/OpenAIImages.targets \
      runtimes/{linux-x64,linux-arm64,linux-musl-x64,osx-x64,osx-arm64,win-x64}/lib/net10.0/OpenAIImages.dll; do
      [ -f "$dir/pkg/$f" ] || problems+=("no $f")
    done
  fi
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$id: README, icon, release notes, .snupkg with SourceLink at $commit, strong name $token"
  else
    fail "$id: $(IFS=';'; echo "${problems[*]}")"
  fi
done

# A fresh project that installs the packed packages from the local folder (the normal registry for the rest) and runs.
# Packages restore into a temporary folder, the machine's cache serving as a read-only fallback for the dependencies.
consumer="$work/consumer"
mkdir -p "$consumer"
cat >"$consumer/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <add key="artifacts" value="$artifacts" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </fallbackPackageFolders>
</configuration>
EOF
cat >"$consumer/Consumer.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- Published native (the AOT check below), the program leaves out what reads assembly files. -->
    <DefineConstants Condition="'$(PublishAot)' == 'true'">$(DefineConstants);AOT</DefineConstants>
  </PropertyGroup>
</Project>
EOF
cat >"$consumer/Program.cs" <<'EOF'
using System.Reflection;
using System.Reflection.PortableExecutable;
using OpenAIImages;
using OpenAIImages.Testing;

var emulator = new ImagesEmulator();
var client = new ImagesClient(new HttpClient(emulator.CreateHandler()), new ImagesClientOptions { ApiKey = "sk-consumer" });
ImageResult result = await client.GenerateToFilesAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 }, args[0]);
byte[] bytes = File.ReadAllBytes(result.Images[0].FilePath!);
Console.WriteLine($"consumer: {Path.GetFileName(result.Images[0].FilePath)} {bytes.Length} bytes, png={bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'}, from {typeof(ImagesClient).Assembly.GetName().FullName}");
#if !AOT
// The assembly the host chose, and each ReadyToRun image of the unpacked package (args[1]): its code for the RID's
// processor and OS (the PE machine is the processor's XOR the OS's constant), and the package's strong name.
string loaded = typeof(ImagesClient).Assembly.Location;
Console.WriteLine($"loaded: {Path.GetRelativePath(AppContext.BaseDirectory, loaded)} readytorun={ReadyToRun(loaded, out _)}");
foreach (string image in Directory.GetFiles(Path.Combine(args[1], "runtimes"), "OpenAIImages.dll", SearchOption.AllDirectories).Order())
{
    string rid = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(image))))!;
    int os = rid.StartsWith("linux", StringComparison.Ordinal) ? 0x7B79 : rid.StartsWith("osx", StringComparison.Ordinal) ? 0x4644 : 0;
    int cpu = rid.EndsWith("arm64", StringComparison.Ordinal) ? 0xAA64 : 0x8664;
    bool r2r = ReadyToRun(image, out int machine);
    string token = Convert.ToHexStringLower(AssemblyName.GetAssemblyName(image).GetPublicKeyToken()!);
    Console.WriteLine($"image: {rid} readytorun={r2r} machine={(machine ^ os) == cpu} token={token}");
}

static bool ReadyToRun(string path, out int machine)
{
    using var pe = new PEReader(File.OpenRead(path));
    machine = (int)pe.PEHeaders.CoffHeader.Machine;
    return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
}
#endif
EOF
if (cd "$consumer" && dotnet add package OpenAIImages --version "$version" --source "$artifacts" && dotnet add package OpenAIImages.Testing --version "$version" --source "$artifacts") >"$(log consumer-add)" 2>&1 \
  && dotnet run --project "$consumer" -c Release -- "$work/consumer-out" "$work/unpacked/OpenAIImages/pkg" >"$(log consumer-run)" 2>&1; then
  line=$(grep '^consumer:' "$(log consumer-run)")
  if [[ $line == "consumer: image-0.png "*" png=True, from OpenAIImages, Version=0.1.0.0, Culture=neutral, PublicKeyToken=$token" ]] \
    && [ -d "$work/packages/openaiimages/$version" ]; then
    ok "a fresh project installed the packages from the local folder and ran: ${line#consumer: }"
  else
    fail "the fresh project ran but printed '${line:-nothing}' (or did not restore the packed package)"
  fi
  # ReadyToRun: a RID-less app on this platform loads the package's precompiled image; every image is for its platform.
  loaded=$(grep '^loaded:' "$(log consumer-run)")
  images=$(grep -c "^image: .* readytorun=True machine=True token=$token$" "$(log consumer-run)")
  if [ "$loaded" = "loaded: runtimes/$rid/lib/net10.0/OpenAIImages.dll readytorun=True" ] && [ "$images" -eq 6 ]; then
    ok "the app loaded the package's ReadyToRun image for $rid; all 6 images are ReadyToRun for their processor and OS, strong-named $token"
  else
    fail "ReadyToRun images: '${loaded:-nothing loaded}', $images of 6 images ReadyToRun for their platform: $(grep '^image:' "$(log consumer-run)" | grep -v "readytorun=True machine=True token=$token$" | head -1)"
  fi
  # Native AOT from the package: the AOT compiler takes the ReadyToRun image's IL; no trimming or AOT warning.
  if dotnet publish "$consumer" -c Release -r "$rid" -p:PublishAot=true -o "$work/consumer-aot" >"$(log consumer-aot)" 2>&1 \
    && "$work/consumer-aot/Consumer" "$work/consumer-aot-out" >"$(log consumer-aot-run)" 2>&1; then
    warnings=$(grep -oE 'warning IL[23][0-9]{3}[^[]*' "$(log consumer-aot)" | sort -u)
    line=$(grep '^consumer:' "$(log consumer-aot-run)")
    if [ -z "$warnings" ] && [[ $line == "consumer: image-0.png "*" png=True, from OpenAIImages, Version=0.1.0.0, "* ]]; then
      ok "the fresh project published native AOT from the packages with no IL2xxx/IL3xxx warning and ran: ${line#consumer: }"
    else
      fail "the fresh project's native AOT build: ${warnings:-no warning}; printed '${line:-nothing}'"
    fi
  else
    fail "the fresh project did not publish or run as native AOT: $(grep -h -m1 -E 'error|Exception' "$(log consumer-aot)" "$(log consumer-aot-run)" 2>/dev/null | head -1)"
  fi
else
  fail "a fresh project could not install or run the packed packages: $(grep -h -m1 -E 'error|Exception' "$(log consumer-add)" "$(log consumer-run)" | head -1)"
fi

# The cold-start benchmark's package row (README, Benchmarks): one launch of each client, the package's image among them.
if dotnet run --project benchmarks/OpenAIImages.Benchmarks -c Release --no-build -- --cold-start 1 --package "$artifacts/OpenAIImages.$version.nupkg" >"$(log cold-start)" 2>&1 \
  && grep -qF "runtimes/$rid/lib/net10.0/OpenAIImages.dll (ReadyToRun)" "$(log cold-start)" && grep -qE '^  ours-package +[0-9.]+ ms' "$(log cold-start)"; then
  ok "the cold-start benchmark ran its package row: $(grep -E '^  ours-package' "$(log cold-start)" | tr -s ' ')"
else
  fail "the cold-start benchmark's package row did not run: $(tail -1 "$(log cold-start)")"
fi

# The CLI tool, installed from the local folder into a tool path and run on its built-in emulator.
if NUGET_PACKAGES="$work/tool-packages" dotnet tool install OpenAIImages.Cli --version "$version" --tool-path "$work/tools" --add-source "$artifacts" >"$(log tool-install)" 2>&1 \
  && env -u OPENAI_API_KEY -u OPENAI_BASE_URL "$work/tools/openai-images" generate "a lighthouse" --model gpt-image-2 --out "$work/tool-out" >"$(log tool-run)" 2>&1 \
  && ls "$work/tool-out"/*.png >/dev/null 2>&1; then
  ok "the openai-images tool installed from the local folder and saved $(ls "$work/tool-out"/*.png | wc -l) image(s)"
else
  fail "the openai-images tool did not install or run: $(tail -1 "$(log tool-install)"; tail -1 "$(log tool-run)" 2>/dev/null)"
fi

# --- 3. native AOT ----------------------------------------------------------------------------------------------------
aot=samples/OpenAIImages.AotSample
# The sample's own outputs go first, so the AOT compiler runs again and reports every warning, not only new ones.
rm -rf "$aot/obj/Release/net10.0/$rid" "$aot/bin/Release/net10.0/$rid"
if dotnet publish "$aot" -c Release -r "$rid" -o "$work/aot" >"$(log aot-publish)" 2>&1; then
  warnings=$(grep -oE 'warning IL[23][0-9]{3}[^[]*' "$(log aot-publish)" | sort -u)
  if [ -z "$warnings" ]; then
    ok "the AOT sample published for $rid with no IL2xxx/IL3xxx warning"
  else
    fail "the AOT sample published with $(echo "$warnings" | wc -l) IL2xxx/IL3xxx warning(s), the first: $(echo "$warnings" | head -1)"
  fi
  out="$work/aot-out"
  if "$work/aot/OpenAIImages.AotSample" "$out" >"$(log aot-run)" 2>&1 \
    && grep -qE '^generated: [0-9]+ bytes, \.png, request req_' "$(log aot-run)" \
    && grep -qE '^edited: [0-9]+ bytes, \.png$' "$(log aot-run)" \
    && grep -qxF "saved: $out/edited.png ($(stat -c %s "$out/edited.png" 2>/dev/null) bytes)" "$(log aot-run)" \
    && [ "$(grep -c '^written: ' "$(log aot-run)")" -eq 2 ] \
    && grep -qx 'requests: 3' "$(log aot-run)" \
    && is_png "$out/edited.png" && is_png "$out/image-0.png" && is_png "$out/image-1.png"; then
    ok "the native AOT binary generated, edited and saved 3 PNGs on the emulator"
  else
    fail "the native AOT binary failed or printed something else: $(tail -1 "$(log aot-run)")"
  fi
else
  fail "the AOT sample did not publish: $(grep -m1 -E 'error' "$(log aot-publish)")"
fi

finish
