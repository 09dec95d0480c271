package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.FreePort;
import dev.rotor.it.support.PayaraMicroCommand;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The built WAR, started the way the README starts it (Payara Micro, a post-boot file, a working
 * directory holding ./data), stopped and started again: accounts and the signing key survive.
 * Its server log is then searched for every token and password the test used: none may appear.
 */
class RestartIT {

    private final Path workDir = Path.of(System.getProperty("rotor.it.basedir", "."), "target", "restart-it");
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void accountsAndSigningKeySurviveARestart() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port = FreePort.next();
        Api api = new Api(URI.create("http://localhost:" + port).toURL());

        start(port, api);
        String name = api.newUser("rory");
        Tokens before = api.login(name);
        String kid = JWKSet.parse(api.get("/.well-known/jwks.json", null).body()).getKeys().get(0).getKeyID();
        server.destroy();
        server.waitFor();

        start(port, api);
        assertEquals(200, api.me(before.access()).status(), "a token issued before the restart still verifies");
        assertEquals(kid, JWKSet.parse(api.get("/.well-known/jwks.json", null).body()).getKeys().get(0).getKeyID());
        assertEquals(200, api.refresh(before.refresh()).status(), "the session survived too");
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status());

        api.passwordGrant(name, "a wrong password", Api.CLIENT);
        Tokens other = api.login(name);
        api.refresh(other.refresh());
        api.refresh(api.refresh(other.refresh()).string("refresh_token"));
        api.refresh(other.refresh());
        String log = Files.readString(workDir.resolve("server.log"));
        for (String secret : List.of(before.access(), before.refresh(), before.refresh().split("\\.")[2],
                other.refresh().split("\\.")[2], Api.PASSWORD, "a wrong password")) {
            assertFalse(log.contains(secret), "the server log holds a token or password");
        }
        assertTrue(log.contains("REUSE_DETECTED") && log.contains("LOGIN_FAILED"), "the audit lines are there");

        var row = Db.queryAt(databaseUrl(), "SELECT * FROM signing_key").get(0);
        String privateKey = JWK.parse(privateHalf(row, kek())).toJSONObject().get("d").toString();
        assertFalse(log.contains(privateKey), "the private key is not logged");
    }

    /** A KEK that does not open the stored keys stops the start with one clear line; no new key is made. */
    @Test
    void aWrongKekStopsTheStartAndCreatesNoKey() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port = FreePort.next();
        Api api = new Api(URI.create("http://localhost:" + port).toURL());
        start(port, api);
        var keysBefore = Db.queryAt(databaseUrl(), "SELECT kid FROM signing_key");
        server.destroy();
        server.waitFor();

        String wrong = java.util.Base64.getEncoder().encodeToString("a-wrong-kek-of-exactly-32-bytes!".getBytes());
        startExpectingFailure(port, api, "-Drotor.kek=" + wrong);
        String log = Files.readString(workDir.resolve("server.log"));
        List<String> lines = log.lines().filter(l -> l.contains("Rotor cannot start:")).toList();
        assertFalse(lines.isEmpty(), "one clear line says why");
        assertTrue(lines.get(0).contains("sealed with the key encryption key") && lines.get(0).contains("ROTOR_KEK"), lines.get(0));
        assertEquals(keysBefore, Db.queryAt(databaseUrl(), "SELECT kid FROM signing_key"), "no key was generated");
        if ("h2".equals(System.getProperty("rotor.db", "h2"))) {
            Path data = workDir.resolve("data");
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
            Path keys = workDir.resolve("keys");
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(keys));
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keys.resolve("kek")));
            assertFalse(Files.exists(data.resolve("kek")), "the KEK is not kept beside the database");
        }
    }

    /** On PostgreSQL, no KEK means no start, with one line that says what to set. */
    @Test
    @EnabledIfSystemProperty(named = "rotor.db", matches = "postgresql")
    void onPostgresqlAStartWithoutAKekIsRefused() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port = FreePort.next();
        Api api = new Api(URI.create("http://localhost:" + port).toURL());
        startExpectingFailure(port, api, "-Drotor.kek=");
        String line = Files.readString(workDir.resolve("server.log")).lines()
                .filter(l -> l.contains("Rotor cannot start:")).findFirst().orElseThrow();
        assertTrue(line.contains("set ROTOR_KEK"), line);
    }

    private static dev.rotor.custody.control.KeyEncryptionKey kekFor(Path workDir) throws IOException {
        String given = System.getProperty("rotor.it.kek", "");
        return given.isBlank()
                ? dev.rotor.custody.control.KeyEncryptionKey.fromBase64(Files.readString(workDir.resolve("keys").resolve("kek")), "kek")
                : dev.rotor.custody.control.KeyEncryptionKey.fromBase64(given, "rotor.it.kek");
    }

    /** Opens a signing key row's private half the way Rotor does: under its KEK, bound to the row's other columns. */
    static String privateHalf(java.util.Map<String, Object> row, dev.rotor.custody.control.KeyEncryptionKey kek) {
        var key = new dev.rotor.token.entity.SigningKey(String.valueOf(row.get("kid")), String.valueOf(row.get("algorithm")),
                String.valueOf(row.get("kek_id")), String.valueOf(row.get("private_jwk")), String.valueOf(row.get("public_jwk")),
                instant(row.get("created_at")), instant(row.get("activates_at")));
        key.replanRetirement(instant(row.get("retires_at")));
        if (row.get("revoked_at") != null) {
            key.revoke(instant(row.get("revoked_at")));
        }
        return kek.open(key.sealedPrivateJwk().substring("b1.".length()), key.sealBinding());
    }

    static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof java.time.OffsetDateTime time ? time.toInstant() : ((java.sql.Timestamp) column).toInstant();
    }

    private dev.rotor.custody.control.KeyEncryptionKey kek() throws IOException {
        return kekFor(workDir);
    }

    /** Needs an empty database, which the embedded one in a fresh folder is (reported as skipped on PostgreSQL). */
    @Test
    @EnabledIfSystemProperty(named = "rotor.db", matches = "h2")
    void firstAdminPasswordIsWrittenToAnOwnerOnlyFileNeverLoggedMustBeChangedAndIsThenDeleted() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port = FreePort.next();
        Api api = new Api(URI.create("http://localhost:" + port).toURL());
        start(port, api);

        Path file = workDir.resolve("data").resolve("initial-admin-password");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        String password = Files.readString(file).strip();
        assertTrue(password.length() >= 20, "a generated password");
        Reply first = api.passwordGrant("admin", password, Api.CLIENT);
        assertEquals(400, first.status(), "no session before it is changed: " + first);
        assertTrue(first.string("error_description").contains("/auth/temporary-password"), first.toString());
        String log = Files.readString(workDir.resolve("server.log"));
        assertTrue(log.contains("initial-admin-password"), "the log names the file");
        assertFalse(log.contains(password), "the log never holds the password");

        assertTheDatabaseServerListensOnLoopbackOnly();

        String chosen = "the first admin's own passphrase";
        Reply changed = api.postJson("/auth/temporary-password",
                "{\"username\":\"admin\",\"currentPassword\":\"" + password + "\",\"newPassword\":\"" + chosen + "\"}");
        assertEquals(204, changed.status(), changed.toString());
        assertFalse(Files.exists(file), "the generated password is deleted once changed");
        // The default policy (rotor.mfa.required-roles=admin): the chosen password is right, but an
        // administrator gets no token until a second factor is enrolled, which the password grant cannot do.
        Reply chosenGrant = api.passwordGrant("admin", chosen, Api.CLIENT);
        assertEquals(400, chosenGrant.status(), chosenGrant.toString());
        assertTrue(chosenGrant.string("error_description").contains("second factor"), chosenGrant.toString());
        Reply browser = api.postJson("/auth/login", "{\"username\":\"admin\",\"password\":\"" + chosen + "\"}");
        assertEquals(401, browser.status());
        assertEquals("https://rotor.dev/problems/second-factor-enrolment-required", browser.string("type"), "the sign-in page makes it enrol");
        Reply old = api.passwordGrant("admin", password, Api.CLIENT);
        assertEquals("invalid_grant", old.string("error"));
        assertFalse(old.string("error_description").contains("second factor"), "the generated one is gone: " + old);
        assertFalse(Files.readString(workDir.resolve("server.log")).contains("no account, administrators included"),
                "no warning: the requirement is on by default");
    }

    /**
     * A KEK change as docs/operations.md ("Signing keys") describes it: one start with the new KEK and the previous one,
     * with no sign-in during it, then starts with the new KEK alone. Every secret (the throttle's
     * username key included, made by the first sign-in and not used again before the change) was
     * sealed again by that one start, so sign-in and refresh work without the previous KEK.
     */
    @Test
    @EnabledIfSystemProperty(named = "rotor.db", matches = "h2")
    void aKekChangeNeedsThePreviousKekForOneStartOnlyAndTheScheduledRotationRuns() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port = FreePort.next();
        Api api = new Api(URI.create("http://localhost:" + port).toURL());
        var kekA = dev.rotor.custody.control.KeyEncryptionKey.generate();
        var kekB = dev.rotor.custody.control.KeyEncryptionKey.generate();

        start(port, api, "-Drotor.kek=" + kekA.toBase64());
        String name = api.newUser("kemal");
        Tokens before = api.login(name);
        assertEquals(List.of(kekA.id()), kekIds(), "every row sealed under the first KEK");
        stopServer();

        start(port, api, "-Drotor.kek=" + kekB.toBase64(), "-Drotor.kek-previous=" + kekA.toBase64());
        assertEquals(List.of(kekB.id()), kekIds(), "one start seals every row under the new KEK, the unused ones too");
        assertEquals(200, api.me(before.access()).status(), "the signing key survived the change");
        stopServer();

        // this start also rotates on a short schedule, to see the timer's rotation run under the new KEK
        start(port, api, "-Drotor.kek=" + kekB.toBase64(), "-Drotor.keys.rotate-every=PT20S", "-Drotor.keys.publish-ahead=PT5S");
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "sign-in without the previous KEK");
        assertEquals(200, api.refresh(before.refresh()).status(), "the session survived the change");
        assertFalse(Files.readString(workDir.resolve("server.log")).contains(kekA.toBase64()), "no KEK in the log");

        String firstKid = SignedJWT.parse(before.access()).getHeader().getKeyID();
        Instant waitUntil = Instant.now().plus(Duration.ofSeconds(90));
        String signing = firstKid;
        while (signing.equals(firstKid)) {
            assertTrue(Instant.now().isBefore(waitUntil), "no scheduled rotation within 90 s");
            Thread.sleep(500);
            signing = SignedJWT.parse(api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).string("access_token")).getHeader().getKeyID();
        }
        var rotated = Db.queryAt(databaseUrl(), "SELECT detail FROM audit_event WHERE type = 'SIGNING_KEY_ROTATED'");
        String scheduled = "kid=" + signing + " scheduled";
        assertTrue(rotated.stream().anyMatch(r -> r.get("detail").toString().contains(scheduled)), "made by the schedule: " + rotated);
        assertEquals(List.of(kekB.id()), kekIds(), "the timer's key is sealed under the new KEK");
        assertEquals(200, api.me(before.access()).status(), "a token of the previous key verifies until it retires");
    }

    /**
     * H2's AUTO_SERVER (which lets the tests read the database while Rotor runs) serves it on the
     * port named in the lock file: connecting to that port on any non-loopback address of this
     * host must be refused.
     */
    private void assertTheDatabaseServerListensOnLoopbackOnly() throws Exception {
        String server = Files.readAllLines(workDir.resolve("data").resolve("rotor.lock.db")).stream()
                .filter(l -> l.startsWith("server=")).findFirst().orElseThrow();
        int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        var addresses = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(addresses.isEmpty(), "this host has no non-loopback address");
        try (var local = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            assertTrue(local.isConnected(), "the database server is up on loopback");
        }
        for (var address : addresses) {
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address, port), 2000);
                throw new AssertionError("the embedded database's server accepts connections on " + address + ":" + port);
            } catch (java.net.ConnectException refused) {
                // as it should
            }
        }
    }

    /** The distinct KEK ids of every sealed row (signing keys with a private half, server secrets). */
    private List<String> kekIds() {
        return Db.queryAt(databaseUrl(), "SELECT DISTINCT kek_id FROM (SELECT kek_id FROM signing_key WHERE private_jwk <> ''"
                + " UNION ALL SELECT kek_id FROM server_secret) AS sealed").stream().map(r -> String.valueOf(r.get("kek_id"))).toList();
    }

    private void stopServer() throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    private String databaseUrl() {
        return "h2".equals(System.getProperty("rotor.db", "h2"))
                ? "jdbc:h2:file:" + workDir.toAbsolutePath() + "/data/rotor;AUTO_SERVER=TRUE"
                : System.getProperty("rotor.it.dbUrl");
    }

    /** Starts with extra JVM options and waits until the log says the start failed (the app never becomes ready). */
    private void startExpectingFailure(int port, Api api, String... jvmOptions) throws Exception {
        launch(port, jvmOptions);
        Instant launched = Instant.now();
        Path log = workDir.resolve("server.log");
        while (!(Files.exists(log) && Files.readString(log).contains("Rotor cannot start:"))) {
            if (Duration.between(launched, Instant.now()).toSeconds() > 240) {
                throw new AssertionError("no start-up failure after 240 s; see " + log);
            }
            Thread.sleep(250);
        }
        Thread.sleep(2000);
        try {
            assertFalse(api.get("/health/ready", null).status() == 200, "the app does not serve");
        } catch (UncheckedIOException notListening) {
            // nothing serves: as good
        }
    }

    private void start(int port, Api api, String... jvmOptions) throws Exception {
        launch(port, jvmOptions);
        Instant launched = Instant.now();
        while (true) {
            if (!server.isAlive()) {
                throw new AssertionError("Payara Micro exited; see " + workDir.resolve("server.log"));
            }
            try {
                if (api.get("/health/ready", null).status() == 200) {
                    break;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (Duration.between(launched, Instant.now()).toSeconds() > 240) {
                throw new AssertionError("not ready after 240 s; see " + workDir.resolve("server.log"));
            }
            Thread.sleep(250);
        }
        System.out.println("RestartIT: start to ready in " + Duration.between(launched, Instant.now()).toMillis() + " ms");
    }

    private void launch(int port, String... jvmOptions) throws Exception {
        Path basedir = Path.of(System.getProperty("rotor.it.basedir", ".")).toAbsolutePath().normalize();
        var command = PayaraMicroCommand.rotor(basedir, Path.of(System.getProperty("rotor.it.runtime", basedir.resolve("target/runtime").toString())))
                .port(port)
                .database(System.getProperty("rotor.db", "h2"))
                .jvmOption(RotorProcess.TEST_JIT)
                .jvmOption("-Djava.io.tmpdir=" + workDir.toAbsolutePath())
                .jvmOption("-Drotor.issuer=http://localhost:" + port)
                .jvmOption("-Drotor.password.iterations=1024");
        String kek = System.getProperty("rotor.it.kek", "");
        if (!kek.isBlank() && List.of(jvmOptions).stream().noneMatch(o -> o.startsWith("-Drotor.kek="))) {
            command.jvmOption("-Drotor.kek=" + kek);
        }
        command.jvmOptions(List.of(jvmOptions));
        server = new ProcessBuilder(command.toList())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File(workDir.toFile(), "server.log"))
                .start();
    }


    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }
}
