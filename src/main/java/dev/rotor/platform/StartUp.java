package dev.rotor.platform;

import dev.rotor.account.control.AdminBootstrap;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.session.control.RevocationFollower;
import dev.rotor.token.control.SigningKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Runs once per deployment, before the first request: checks the configuration,
 * migrates the schema (before any JPA use), loads the signing key, creates the first admin,
 * starts following the revocation log.
 */
@Singleton
@Startup
public class StartUp {

    @Inject
    ConfigCheck configCheck;

    @Inject
    Migrations migrations;

    @Inject
    SigningKeys signingKeys;

    @Inject
    AdminBootstrap adminBootstrap;

    @Inject
    CsrfGuard csrfGuard;

    @Inject
    RevocationFollower revocationFollower;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        configCheck.verify();
        migrations.migrate();
        signingKeys.load();
        csrfGuard.load();
        adminBootstrap.createFirstAdminIfNoAccounts();
        revocationFollower.start();
    }
}
