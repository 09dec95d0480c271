package dev.rotor.example.oidcapp;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds the example OIDC web app as a WAR: its classes, beans.xml, and its settings. */
public final class OidcApps {

    private OidcApps() {
    }

    public static WebArchive war(String name, String providerUri, String clientId, String clientSecret) {
        String settings = "rotor.oidc.provider-uri=" + providerUri + "\n"
                + "rotor.oidc.client-id=" + clientId + "\n"
                + "rotor.oidc.client-secret=" + clientSecret + "\n";
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(OidcAppSecurity.class, OidcAppConfig.class, HelloServlet.class, CallbackServlet.class, SignedOutServlet.class)
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" bean-discovery-mode=\"all\" version=\"4.0\"/>"),
                        "beans.xml");
    }
}
