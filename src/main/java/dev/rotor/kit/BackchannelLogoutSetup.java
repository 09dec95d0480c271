package dev.rotor.kit;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Serves the back-channel logout endpoint at {@code rotor.kit.backchannel-logout.path} when that is
 * set (off by default), for the client {@code rotor.kit.backchannel-logout.client-id} (by default
 * {@code rotor.kit.client-id}); and forgets the sessions {@link BackchannelSessions} holds as they end.
 */
@WebListener
public class BackchannelLogoutSetup implements ServletContextListener, HttpSessionListener {

    private static final Logger LOG = Logger.getLogger(BackchannelLogoutSetup.class.getName());

    @Inject
    KitSettings settings;

    @Inject
    BackchannelSessions sessions;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String path = settings.backchannelLogoutPath().orElse(null);
        if (path == null) {
            return;
        }
        String issuer = settings.issuer().orElse(settings.baseUrl());
        var verifier = new LogoutTokenVerifier(new RotorKeys(settings.baseUrl()), issuer, settings.backchannelLogoutClientId(),
                Clock.systemUTC());
        ServletRegistration.Dynamic servlet = event.getServletContext()
                .addServlet("rotor-backchannel-logout", new BackchannelLogoutServlet(verifier, sessions));
        servlet.addMapping(path);
        LOG.info(() -> "Back-channel logout endpoint at " + path + " for client " + settings.backchannelLogoutClientId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessions.forget(event.getSession());
    }
}
