#!/usr/bin/env python3
"""Summarise JFR execution samples in a time window.
usage: src/test/bench/jfrsum.py FILE.jfr START END [thread-substring]   (times HH:MM:SS UTC, as in the
benchmark's "[ended ...]" marks; needs the JDK's `jfr` on PATH)
Prints: sample count, inclusive % for categories, exclusive % by library (adds up to 100), top self
frames, top inclusive methods."""
import re, subprocess, sys, collections

path, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
thread_filter = sys.argv[4] if len(sys.argv) > 4 else None

def chunks(path):
    """The recording's chunks that overlap the window (a long run's recording is too large to print whole)."""
    import atexit, glob, os, shutil, tempfile
    if os.path.getsize(path) < 64 * 1024 * 1024:
        return [path]
    tmp = tempfile.mkdtemp(prefix="jfrsum-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    subprocess.run(["jfr", "disassemble", "--max-chunks", "1", "--output", tmp, path], check=True, capture_output=True)
    chosen = []
    for chunk in sorted(glob.glob(os.path.join(tmp, "*.jfr"))):
        summary = subprocess.run(["jfr", "summary", chunk], capture_output=True, text=True).stdout
        begin = re.search(r"Start: \S+ (\d\d:\d\d:\d\d)", summary)
        took = re.search(r"Duration: (\d+) s", summary)
        if not begin or not took:
            continue
        h, m, sec = map(int, begin.group(1).split(":"))
        stop = h * 3600 + m * 60 + sec + int(took.group(1))
        finish = "%02d:%02d:%02d" % (stop // 3600 % 24, stop // 60 % 60, stop % 60)
        if begin.group(1) <= end and finish >= start:
            chosen.append(chunk)
    return chosen

out = "".join(subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", chunk],
                             capture_output=True, text=True).stdout for chunk in chunks(path))

events = []
cur = None
in_stack = False
for line in out.splitlines():
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        cur = {"frames": []}
        in_stack = False
    elif cur is None:
        continue
    elif s.startswith("startTime"):
        m = re.search(r"(\d\d:\d\d:\d\d)", s)
        cur["t"] = m.group(1)
    elif s.startswith("sampledThread"):
        cur["thread"] = s
    elif s.startswith("stackTrace = ["):
        in_stack = True
    elif in_stack and s == "]":
        in_stack = False
    elif in_stack:
        if s == "...":
            cur["truncated"] = True
            continue
        f = re.sub(r"\s+line:.*$", "", s)
        f = re.sub(r"\(.*\)$", "", f)
        cur["frames"].append(f)
    elif s == "}":
        events.append(cur)
        cur = None

def in_window(t):
    return start <= t <= end

sel = [e for e in events if "t" in e and in_window(e["t"]) and (thread_filter is None or thread_filter in e.get("thread", ""))]
n = len(sel)
print(f"{n} samples in {start}-{end} (of {len(events)})")
if n == 0:
    sys.exit()
threads = collections.Counter(re.sub(r'\(.*', '', e.get("thread", "?")) for e in sel)
print("threads:", threads.most_common(6))

cats = collections.OrderedDict([
    ("Rotor dev.rotor", r"^dev\.rotor\."),
    ("Refreshes.refresh", r"^dev\.rotor\.session\.control\.Refreshes\.refresh$"),
    ("AccessTokenIssuer.issue", r"AccessTokenIssuer\.issue$"),
    ("RSA sign (Nimbus RSASSASigner)", r"RSASSASigner\.sign$"),
    ("EclipseLink", r"^org\.eclipse\.persistence\."),
    ("PG JDBC", r"^org\.postgresql\."),
    ("Weld", r"^org\.jboss\.weld\."),
    ("JTA (com.sun.enterprise.transaction / jts)", r"^(com\.sun\.enterprise\.transaction|com\.sun\.jts|org\.glassfish\.cdi\.transaction)"),
    ("Connection pool (com.sun.enterprise.resource / gjc)", r"^(com\.sun\.enterprise\.resource|com\.sun\.gjc|org\.glassfish\.resourcebase)"),
    ("Jersey", r"^org\.glassfish\.jersey\."),
    ("HK2", r"^org\.glassfish\.hk2\.|^org\.jvnet\.hk2\."),
    ("Grizzly", r"^org\.glassfish\.grizzly\."),
    ("Jakarta Security / Soteria", r"^org\.glassfish\.soteria\."),
    ("Exousia / JACC / security", r"^(org\.glassfish\.exousia|com\.sun\.enterprise\.security|com\.sun\.web\.security|org\.glassfish\.security)"),
    ("Payara MP JWT", r"^fish\.payara\.microprofile\.jwtauth\."),
    ("CookieOrHeaderBearerMechanism", r"CookieOrHeaderBearerMechanism\."),
    ("JSON-B/Yasson", r"^org\.eclipse\.yasson\."),
    ("Parsson JSON-P", r"^org\.eclipse\.parsson\."),
    ("JsonProvider.provider", r"JsonProvider\.provider$"),
    ("Tracing/telemetry", r"(opentracing|opentelemetry|io\.opentelemetry|fish\.payara\.opentracing|requesttracing|fish\.payara\.telemetry)"),
    ("MP Config", r"(org\.eclipse\.microprofile\.config|fish\.payara\.nucleus\.microprofile\.config)"),
    ("Metrics", r"(fish\.payara\.microprofile\.metrics|microprofile\.metrics)"),
    ("ServiceLoader", r"java\.util\.ServiceLoader"),
    ("reflection", r"^(java\.lang\.reflect|jdk\.internal\.reflect|java\.lang\.Class\.getDeclared|java\.lang\.Class\.getMethod)"),
    ("Logging", r"^(java\.util\.logging|com\.sun\.enterprise\.server\.logging|fish\.payara\.logging)"),
    ("Catalina/web container", r"^org\.apache\.catalina\."),
    ("nimbus", r"^com\.nimbusds\."),
    ("jose4j", r"^org\.jose4j\."),
    ("java.security/crypto", r"^(sun\.security|java\.security|javax\.crypto|com\.sun\.crypto)"),
])
print("\ninclusive % by category:")
for name, rx in cats.items():
    r = re.compile(rx)
    c = sum(1 for e in sel if any(r.search(f) for f in e["frames"]))
    if c:
        print(f"  {100.0*c/n:5.1f}%  {name}")

# Exclusive: each sample counted once, for the innermost frame on its stack that belongs to a
# library below (JDK frames such as java.util.* pass the sample up to their caller), so the
# shares add up to 100 %. Cryptography first: a signature's BigInteger and digest frames are its own.
libraries = [
    ("crypto (RSA/EC, SHA-256, SecureRandom)", r"^(sun\.security\.(rsa|ec|provider|util\.math)|java\.math\.BigInteger|javax\.crypto|com\.sun\.crypto|java\.security\.(MessageDigest|Signature|SecureRandom))"),
    ("Nimbus JOSE (token building, JSON)", r"^com\.nimbusds\."),
    ("PostgreSQL JDBC", r"^org\.postgresql\."),
    ("connection pool", r"^(com\.sun\.enterprise\.resource|com\.sun\.gjc|org\.glassfish\.resourcebase|com\.sun\.appserv\.connectors)"),
    ("JTA", r"^(com\.sun\.enterprise\.transaction|com\.sun\.jts|org\.glassfish\.cdi\.transaction)"),
    ("EclipseLink", r"^org\.eclipse\.persistence\."),
    ("Weld", r"^org\.jboss\.weld\."),
    ("HK2", r"^(org\.glassfish\.hk2\.|org\.jvnet\.hk2\.)"),
    ("Jersey", r"^org\.glassfish\.jersey\."),
    ("JSON-P/JSON-B", r"^(org\.eclipse\.parsson|org\.glassfish\.json|org\.eclipse\.yasson|jakarta\.json)"),
    ("security (Soteria, Exousia, MP JWT)", r"^(org\.glassfish\.soteria|org\.glassfish\.exousia|com\.sun\.enterprise\.security|com\.sun\.web\.security|org\.glassfish\.security|fish\.payara\.microprofile\.jwtauth|fish\.payara\.security)"),
    ("Grizzly", r"^org\.glassfish\.grizzly\."),
    ("web container (Catalina)", r"^(org\.apache\.catalina|org\.apache\.coyote|com\.sun\.enterprise\.web|org\.glassfish\.web)"),
    ("Rotor (dev.rotor)", r"^dev\.rotor\."),
    ("Payara/GlassFish, other", r"^(fish\.payara|com\.sun\.enterprise|org\.glassfish|com\.sun\.ejb|org\.jboss)"),
]
compiled = [(name, re.compile(rx)) for name, rx in libraries]
def library(frames):
    for f in frames:
        for name, rx in compiled:
            if rx.search(f):
                return name
    return "JDK and other (no library frame)"
excl = collections.Counter(library(e["frames"]) for e in sel)
print("\nexclusive % by library (each sample once: its innermost library frame):")
for name, c in excl.most_common():
    print(f"  {100.0*c/n:5.1f}%  {name}")

self_c = collections.Counter(e["frames"][0] for e in sel if e["frames"])
print("\ntop self frames:")
for f, c in self_c.most_common(25):
    print(f"  {100.0*c/n:5.1f}%  {f}")

incl = collections.Counter()
for e in sel:
    for f in set(e["frames"]):
        incl[f] += 1
print("\ntop inclusive frames (dev.rotor, fish.payara, soteria, eclipse.persistence, weld):")
shown = 0
for f, c in incl.most_common(2000):
    if re.match(r"^(dev\.rotor|fish\.payara|org\.glassfish\.soteria|org\.eclipse\.persistence|org\.jboss\.weld|com\.sun\.enterprise|org\.glassfish\.jersey\.server\.model|org\.glassfish\.exousia)", f):
        print(f"  {100.0*c/n:5.1f}%  {f}")
        shown += 1
        if shown >= int(sys.argv[5] if len(sys.argv) > 5 else 45):
            break
