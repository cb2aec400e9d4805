package org.fountain.accounts.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The registration form. */
class RegistrationForm {

    @NotBlank(message = "Choose a user name")
    @Pattern(regexp = "[A-Za-z0-9_.-]{3,40}", message = "3 to 40 characters: letters, digits, dot, dash or underscore")
    private String username = "";

    /** Checked by {@link org.fountain.accounts.Accounts#passwordProblem}: 12 characters to 72 bytes. */
    @Size(max = 1000, message = "At most 72 bytes")
    private String password = "";

    private String confirmPassword = "";

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getConfirmPassword() {
        return confirmPassword;
    }

    public void setConfirmPassword(String confirmPassword) {
        this.confirmPassword = confirmPassword;
    }
}
