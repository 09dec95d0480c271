package dev.rotor;

import dev.rotor.account.control.AdminBootstrap;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyCustodyException;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.Migrations;
import dev.rotor.session.control.RevocationFollower;
import dev.rotor.token.control.Audiences;
import dev.rotor.token.control.SigningKeys;
import dev.rotor.platform.Requests;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Runs once per deployment, before the first request: checks the configuration, makes the data
 * directory owner-only, migrates the schema (before any JPA use), loads the key encryption key,
 * then the signing keys and the CSRF key (sealing old rows), creates the first admin, and starts
 * following the revocation log. Each step that creates something shared takes a cluster lock row,
 * so instances starting together on an empty database create one of each.
 */
@Singleton
@Startup
public class StartUp {

    private static final Logger LOG = Logger.getLogger(StartUp.class.getName());

    @Inject
    RotorSettings settings;

    @Inject
    Audiences audiences;

    @Inject
    Migrations migrations;

    @Inject
    SigningKeys signingKeys;

    @Inject
    AdminBootstrap adminBootstrap;

    @Inject
    CsrfGuard csrfGuard;

    @Inject
    KeyCustody custody;

    @Inject
    RevocationFollower revocationFollower;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        settings.verify();
        Requests.trustedProxies();
        audiences.all(); // reads and checks the resource servers' audiences now, not at the first token
        custody.prepareDataDir();
        migrations.migrate();
        try {
            custody.load();
            signingKeys.load();
            csrfGuard.load();
        } catch (KeyCustodyException e) {
            LOG.severe(() -> "Rotor cannot start: " + e.getMessage());
            throw e;
        }
        adminBootstrap.createFirstAdminIfNoAccounts();
        revocationFollower.start();
    }
}
