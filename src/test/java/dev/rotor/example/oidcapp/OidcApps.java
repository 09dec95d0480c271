package dev.rotor.example.oidcapp;

import dev.rotor.it.support.ExampleServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds the example OIDC web app as a WAR: its classes, beans.xml, the kit (for back-channel logout only), and its settings. */
public final class OidcApps {

    private OidcApps() {
    }

    /**
     * The app as {@code name}, signing in as {@code clientId}; with the resource-server kit in
     * WEB-INF/lib receiving Rotor's back-channel logouts at {@code /backchannel-logout} (the kit
     * also follows Rotor's revocation feed, as resource server {@code kitId} with {@code kitSecret}).
     */
    public static WebArchive war(String name, String providerUri, String clientId, String clientSecret, String kitId, String kitSecret) {
        String settings = "rotor.oidc.provider-uri=" + providerUri + "\n"
                + "rotor.oidc.client-id=" + clientId + "\n"
                + "rotor.oidc.client-secret=" + clientSecret + "\n"
                + "rotor.kit.base-url=" + providerUri + "\n"
                + "rotor.kit.client-id=" + kitId + "\n"
                + "rotor.kit.client-secret=" + kitSecret + "\n"
                + "rotor.kit.backchannel-logout.path=/backchannel-logout\n"
                + "rotor.kit.backchannel-logout.client-id=" + clientId + "\n";
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(OidcAppSecurity.class, OidcAppConfig.class, HelloServlet.class, CallbackServlet.class, SignedOutServlet.class)
                .addAsLibrary(ExampleServer.basedir().resolve("target/rotor-resource-server.jar").toFile())
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" bean-discovery-mode=\"all\" version=\"4.0\"/>"),
                        "beans.xml");
    }
}
