package org.fountain.accounts.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.fountain.accounts.AccountsProperties;
import org.fountain.accounts.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator on first run, before the web server takes a request (so nobody can register the name
 * first; registration refuses it anyway); a generated password is printed once and stored only as a hash.
 */
@Component
class FirstRunAdmin implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FirstRunAdmin.class);

    private final UserRows users;
    private final PasswordEncoder passwords;
    private final AccountsProperties properties;

    FirstRunAdmin(UserRows users, PasswordEncoder passwords, AccountsProperties properties) {
        this.users = users;
        this.passwords = passwords;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (users.anyWithRole(Role.ADMIN)) {
            return;
        }
        if (users.exists(properties.adminUsername())) {
            log.error(
                    "There is no administrator: a user named '{}' exists but is not one. Make it one in the database"
                            + " (update users set role = 'ADMIN' where username = '{}') or set"
                            + " fountain.accounts.admin-username to another name",
                    properties.adminUsername(),
                    properties.adminUsername());
            return;
        }
        String given = properties.adminPassword();
        String password = given == null || given.isBlank() ? generatePassword() : given;
        try {
            users.insert(properties.adminUsername(), Objects.requireNonNull(passwords.encode(password)), Role.ADMIN);
        } catch (DuplicateKeyException e) {
            // another instance created the administrator at the same moment
            return;
        }
        if (given == null || given.isBlank()) {
            log.info(
                    "First run: created administrator '{}' with generated password {} (shown only this once)",
                    properties.adminUsername(),
                    password);
        } else {
            log.info("First run: created administrator '{}' with the configured password", properties.adminUsername());
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
