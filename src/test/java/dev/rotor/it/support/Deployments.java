package dev.rotor.it.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR that {@code mvn package} built, deployed as ROOT.war (context root {@code /}) with a few
 * settings appended to its microprofile-config.properties for the test class at hand.
 *
 * <p>Every test class talks from 127.0.0.1 to one shared database, so per-address throttling
 * would count the registrations and failed sign-ins of the whole suite (and of earlier runs) as
 * one client's: {@link #SHARED_ADDRESS} lifts those two limits. A class's own settings come later
 * and win; {@code ThrottlingIT} tests the real limits from addresses of its own.
 */
public final class Deployments {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    static final String[] SHARED_ADDRESS = {
            "rotor.throttle.address.max-failures=1000000",
            "rotor.throttle.registration.max-per-address=1000000",
            // The tests sign the bootstrap admin in with a password alone; SecondFactorIT puts the default (admin) back.
            "rotor.mfa.required-roles=none",
    };

    private Deployments() {
    }

    public static WebArchive rotor(String... settings) {
        var war = ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("rotor.it.basedir", "."), "target/rotor.war"))
                .as(WebArchive.class);
        String config = read(war.get(CONFIG).getAsset().openStream());
        StringBuilder merged = new StringBuilder(config).append("\n# test settings\n");
        for (String setting : SHARED_ADDRESS) {
            merged.append(setting).append('\n');
        }
        for (String setting : settings) {
            merged.append(setting).append('\n');
        }
        war.delete(CONFIG);
        war.add(new StringAsset(merged.toString()), CONFIG);
        return war;
    }

    private static String read(InputStream in) {
        try (in) {
            var out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
