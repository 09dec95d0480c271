/**
 * Identity: accounts, usernames and password rules, PBKDF2 password hashing and the first admin
 * made at start; it may use {@code platform}, {@code problem}, {@code audit} and {@code custody}.
 */
package dev.rotor.account;
