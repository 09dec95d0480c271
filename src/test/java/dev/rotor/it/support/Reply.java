package dev.rotor.it.support;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** One HTTP answer as a test sees it: status, headers, body, and the body as JSON. */
public record Reply(int status, HttpResponse<String> raw) {

    public String body() {
        return raw.body();
    }

    public String header(String name) {
        return raw.headers().firstValue(name).orElse(null);
    }

    public List<String> headers(String name) {
        return raw.headers().allValues(name);
    }

    public Map<String, Object> json() {
        try {
            return JSONObjectUtils.parse(body());
        } catch (ParseException e) {
            throw new AssertionError("Not a JSON object (status " + status + "): " + body(), e);
        }
    }

    public String string(String field) {
        Object value = json().get(field);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return status + " " + body();
    }
}
