package dev.rotor.example.oidcapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.ConfigProvider;

/** The example app's settings, read from its microprofile-config.properties for the annotation's EL. */
@Named("rotorOidc")
@ApplicationScoped
public class OidcAppConfig {

    public String getProviderUri() {
        return value("rotor.oidc.provider-uri");
    }

    public String getClientId() {
        return value("rotor.oidc.client-id");
    }

    public String getClientSecret() {
        return value("rotor.oidc.client-secret");
    }

    private static String value(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
