package org.fountain.filters.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Visibility;
import org.fountain.filters.language.FilterLanguage;

/** The create/edit form of a filter. */
class FilterForm {

    @NotBlank(message = "Give the filter a name")
    @Size(max = 100, message = "At most 100 characters")
    private String name = "";

    @NotBlank(message = "Write an expression")
    @Size(max = FilterLanguage.MAX_EXPRESSION_LENGTH, message = "At most 4096 characters")
    private String expression = "";

    private boolean active = true;

    @NotBlank
    private String stream = "ztf";

    private Visibility visibility = Visibility.PRIVATE;

    static FilterForm of(Filter filter) {
        FilterForm form = new FilterForm();
        form.name = filter.name();
        form.expression = filter.expression();
        form.active = filter.active();
        form.stream = filter.stream();
        form.visibility = filter.visibility();
        return form;
    }

    FilterDraft toDraft() {
        return new FilterDraft(
                name.strip(), expression.strip(), stream, visibility == null ? Visibility.PRIVATE : visibility, active);
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public Visibility getVisibility() {
        return visibility;
    }

    public void setVisibility(Visibility visibility) {
        this.visibility = visibility;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getExpression() {
        return expression;
    }

    public void setExpression(String expression) {
        this.expression = expression;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }
}
