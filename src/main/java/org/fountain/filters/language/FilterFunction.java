package org.fountain.filters.language;

import java.util.List;

/**
 * A function filters can call besides CEL's own, as the editor, its help, the API and the README describe it.
 *
 * @param parameters the parameters' names (every one a double, except {@code abs}, which also takes an int)
 * @param returns {@code bool} or {@code double}
 * @param doc what it gives, with an example
 */
public record FilterFunction(String name, List<String> parameters, String returns, String doc) {

    public String signature() {
        return name + "(" + String.join(", ", parameters) + ")";
    }
}
