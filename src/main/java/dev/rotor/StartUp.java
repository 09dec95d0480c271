package dev.rotor;

import dev.rotor.access.control.RevocationFollower;
import dev.rotor.account.control.AdminBootstrap;
import dev.rotor.account.control.MfaPolicy;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyCustodyException;
import dev.rotor.custody.control.SealedSecrets;
import dev.rotor.factor.control.Totps;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.Started;
import dev.rotor.token.control.Audiences;
import dev.rotor.token.control.SigningKeys;
import dev.rotor.platform.Requests;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Runs once per deployment, before the first request: checks the configuration, makes the data
 * directory owner-only, migrates the schema (before any JPA use), loads the key encryption key,
 * seals every server secret and signing key again under it where needed (so a previous KEK is
 * needed for one start only), loads the signing keys and the CSRF key, creates the first admin, and starts
 * following the revocation log. Each step that creates something shared takes a cluster lock row,
 * so instances starting together on an empty database create one of each. Then, and only if every
 * step succeeded, it fires {@link Started}: the timers that poll the revocation log observe it to
 * begin, so none of them reads a table before it exists.
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
    MfaPolicy mfaPolicy;

    @Inject
    CsrfGuard csrfGuard;

    @Inject
    KeyCustody custody;

    @Inject
    SealedSecrets sealedSecrets;

    @Inject
    Totps totps;

    @Inject
    RevocationFollower revocationFollower;

    @Inject
    Event<Started> started;

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
            sealedSecrets.resealAll();
            totps.resealAll();
            signingKeys.load();
            csrfGuard.load();
        } catch (KeyCustodyException e) {
            LOG.severe(() -> "Rotor cannot start: " + e.getMessage());
            throw e;
        }
        adminBootstrap.createFirstAdminIfNoAccounts();
        mfaPolicy.warnIfOff();
        revocationFollower.start();
        started.fire(new Started());
    }
}
