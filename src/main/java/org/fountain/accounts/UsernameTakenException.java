package org.fountain.accounts;

/** Registration with a name someone already has. */
public class UsernameTakenException extends RuntimeException {

    private UsernameTakenException(String message) {
        super(message);
    }

    public static UsernameTakenException forName(String username) {
        return new UsernameTakenException("the name " + username + " is taken");
    }
}
