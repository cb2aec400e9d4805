package org.fountain.filters;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No filter with this id that the asking user may see. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class FilterNotFoundException extends RuntimeException {

    private FilterNotFoundException(String message) {
        super(message);
    }

    public static FilterNotFoundException forVersion(long id, int version) {
        return new FilterNotFoundException("filter " + id + " has no version " + version);
    }

    public static FilterNotFoundException forId(long id) {
        return new FilterNotFoundException("no filter " + id);
    }
}
