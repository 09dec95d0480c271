/**
 * Command-line programs an operator runs beside the server, not in it, such as {@code HashSecret}
 * (the configured form of a resource-server client secret); it may use {@code platform} and
 * {@code oauth}.
 */
package dev.rotor.tools;
