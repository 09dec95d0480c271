package dev.rotor.admin.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.client.control.ClientAdministration.ClientDetails;
import dev.rotor.client.control.ClientAdministration.IssuedSecret;
import dev.rotor.client.control.ClientAdministration.SecretInfo;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.logout.control.LogoutOutbox.DeliveryState;
import dev.rotor.platform.JsonFields;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * A client in the admin API: {@code clientId, name, type, enabled, firstParty, builtIn,
 * redirectUris, webOrigins, postLogoutRedirectUris, grantTypes, scopes, audience,
 * backchannelLogoutUri, backchannelLogoutSessionRequired, backchannelLogout (lastDeliveredAt,
 * lastFailedAt, lastError, pending: {@code logout}'s delivery state), secrets (id, createdAt,
 * expiresAt: never a value), createdAt, updatedAt, warnings}; every field named, null when unknown. Grants are listed in {@link OAuthClient#GRANTS} order.
 */
final class ClientViews {

    private ClientViews() {
    }

    static JsonObject of(ClientDetails details, DeliveryState delivery) {
        OAuthClient client = details.client();
        var json = JSON.createObjectBuilder()
                .add("clientId", client.clientId())
                .add("name", client.name())
                .add("type", client.type().name().toLowerCase(Locale.ROOT))
                .add("enabled", client.enabled())
                .add("firstParty", client.firstParty())
                .add("builtIn", client.builtIn())
                .add("redirectUris", array(client.redirectUris()))
                .add("webOrigins", array(client.webOrigins()))
                .add("postLogoutRedirectUris", array(client.postLogoutRedirectUris()))
                .add("grantTypes", array(OAuthClient.GRANTS.stream().filter(client::allowsGrant).toList()))
                .add("scopes", array(client.scopes().stream().sorted().toList()));
        JsonFields.addNullable(json, "audience", client.audience());
        JsonFields.addNullable(json, "backchannelLogoutUri", client.backchannelLogoutUri());
        json.add("backchannelLogoutSessionRequired", client.backchannelLogoutSessionRequired());
        json.add("backchannelLogout", delivery(delivery));
        var secrets = JSON.createArrayBuilder();
        details.secrets().forEach(secret -> secrets.add(secret(secret)));
        json.add("secrets", secrets);
        JsonFields.addNullable(json, "createdAt", text(details.createdAt()));
        JsonFields.addNullable(json, "updatedAt", text(details.updatedAt()));
        json.add("warnings", array(details.warnings()));
        return json.build();
    }

    /** {@code {"lastDeliveredAt", "lastFailedAt", "lastError", "pending"}}, nulls and 0 when there is no state. */
    private static JsonObjectBuilder delivery(DeliveryState state) {
        var json = JSON.createObjectBuilder();
        JsonFields.addNullable(json, "lastDeliveredAt", state == null ? null : text(state.lastDeliveredAt()));
        JsonFields.addNullable(json, "lastFailedAt", state == null ? null : text(state.lastFailedAt()));
        JsonFields.addNullable(json, "lastError", state == null ? null : state.lastError());
        return json.add("pending", state == null ? 0 : state.pending());
    }

    /** {@code {"id", "secret", "createdAt", "expiresAt"}}: the one answer that holds a secret's value. */
    static JsonObject issued(IssuedSecret issued) {
        return secret(issued.info()).add("secret", issued.secret()).build();
    }

    private static JsonObjectBuilder secret(SecretInfo secret) {
        var json = JSON.createObjectBuilder().add("id", secret.id()).add("createdAt", secret.createdAt().toString());
        return JsonFields.addNullable(json, "expiresAt", text(secret.expiresAt()));
    }

    private static JsonArrayBuilder array(Collection<String> values) {
        var array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
