package dev.rotor.account.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

class MfaPolicyTest {

    static Account withRoles(String... roles) {
        return new Account(new Username("someone"), "hash", Set.of(roles), Instant.EPOCH);
    }

    @Test
    void byDefaultAdministratorsNeedASecondFactor() throws Exception {
        ConfigProperty roles = MfaPolicy.class.getDeclaredField("requiredRolesSetting").getAnnotation(ConfigProperty.class);
        ConfigProperty all = MfaPolicy.class.getDeclaredField("requiredForAll").getAnnotation(ConfigProperty.class);
        assertEquals("rotor.mfa.required-roles", roles.name());
        assertEquals("admin", roles.defaultValue());
        assertEquals("false", all.defaultValue());

        var policy = new MfaPolicy(roles.defaultValue(), false);
        assertTrue(policy.requiresFactor(withRoles("user", "admin")));
        assertFalse(policy.requiresFactor(withRoles("user")));
    }

    @Test
    void aReservedRoleIsInATokenOnlyWhenTheSessionUsedMoreThanOneFactor() {
        var policy = new MfaPolicy("admin, auditor", false);
        assertEquals(Set.of("user"), policy.rolesFor(withRoles("user", "admin", "auditor"), false));
        assertEquals(Set.of("user", "admin", "auditor"), policy.rolesFor(withRoles("user", "admin", "auditor"), true));
    }

    @Test
    void aStartWithTheRequirementOffSaysSoInTheLog() {
        var logged = new java.util.ArrayList<String>();
        var handler = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord record) { logged.add(record.getLevel() + " " + record.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        var logger = java.util.logging.Logger.getLogger(MfaPolicy.class.getName());
        logger.addHandler(handler);
        try {
            new MfaPolicy("admin", false).warnIfOff();
            new MfaPolicy("none", true).warnIfOff();
            assertEquals(java.util.List.of(), logged, "a requirement in force: nothing to warn about");
            new MfaPolicy("none", false).warnIfOff();
            assertEquals(1, logged.size());
            assertTrue(logged.get(0).startsWith("WARNING ") && logged.get(0).contains("no account, administrators included"), logged.toString());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void noneSwitchesTheRequirementOffAndRequiredForAllCoversEveryone() {
        var off = new MfaPolicy("none", false);
        assertFalse(off.requiresFactor(withRoles("user", "admin")));
        assertEquals(Set.of("user", "admin"), off.rolesFor(withRoles("user", "admin"), false));

        assertTrue(new MfaPolicy("none", true).requiresFactor(withRoles("user")));
    }
}
