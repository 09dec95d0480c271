package dev.rotor.it.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Added to a test deployment only: says in response headers whether a JAX-RS call ran inside a
 * server span ({@value #CURRENT_TRACE}: its trace id, or "none"), and whether the application's
 * OpenTelemetry SDK records spans at all ({@value #SDK}: "on" when a span started with MicroProfile
 * Telemetry's {@code Tracer} is real).
 *
 * <p>The current span is read in a request filter: Payara's JAX-RS listener makes its server span
 * current when the request is matched and closes that scope when the resource method returns, before
 * the response filters run.
 */
@Provider
@ApplicationScoped
public class TraceProbe implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String CURRENT_TRACE = "X-Probe-Current-Trace";
    public static final String SDK = "X-Probe-Sdk";

    @Inject
    Tracer tracer;

    @Override
    public void filter(ContainerRequestContext request) {
        SpanContext current = Span.current().getSpanContext();
        request.setProperty(CURRENT_TRACE, current.isValid() ? current.getTraceId() : "none");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(CURRENT_TRACE, String.valueOf(request.getProperty(CURRENT_TRACE)));
        Span own = tracer.spanBuilder("probe").startSpan();
        response.getHeaders().putSingle(SDK, own.getSpanContext().isValid() ? "on" : "off");
        own.end();
    }
}
