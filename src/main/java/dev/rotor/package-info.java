/**
 * The composition root: the JAX-RS application, the start-up order, health, the servlet filter in
 * front of every request, and the one place that turns every domain exception into its answer; it
 * may use every package except {@code kit} and {@code tools}.
 *
 * <p>Each feature package below splits into {@code boundary} (JAX-RS resources and filters that
 * translate HTTP and nothing else), {@code control} (CDI services: the rules) and {@code entity}
 * (JPA entities, records, enums); boundary may use control and entity, control may use entity, and
 * neither control nor entity names JAX-RS or the {@code problem} package.
 */
package dev.rotor;
