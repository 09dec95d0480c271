/**
 * The ground every feature stands on: the clock, JSON support, paging ({@link PageRequest} in,
 * {@link Page} out), database migrations, cluster locks, the settings every feature shares
 * ({@link RotorSettings}), the housekeeping timer and the facts of a request (client address behind
 * trusted proxies, user agent); it may use no other package.
 */
package dev.rotor.platform;
