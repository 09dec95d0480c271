package dev.rotor.authorize.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds an authorization response's URL: the redirect URI with the answer's parameters added to its query. */
public final class RedirectUrl {

    private RedirectUrl() {
    }

    /** {@code redirectUri} (registered, so without a fragment) with each non-null parameter appended, form-encoded. */
    public static String of(String redirectUri, Map<String, String> parameters) {
        var url = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        if (redirectUri.endsWith("?") || redirectUri.endsWith("&")) {
            separator = 0;
        }
        for (var parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            if (separator != 0) {
                url.append(separator);
            }
            separator = '&';
            url.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
        }
        return url.toString();
    }
}
