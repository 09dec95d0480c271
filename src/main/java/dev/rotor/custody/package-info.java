/**
 * Custody of secrets: the key encryption key, the sealing of every secret kept in the database, and
 * the server secrets every instance shares, loaded or made once; it may use {@code platform}.
 */
package dev.rotor.custody;
