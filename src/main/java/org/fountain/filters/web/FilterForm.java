package org.fountain.filters.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
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

    static FilterForm of(Filter filter) {
        FilterForm form = new FilterForm();
        form.name = filter.name();
        form.expression = filter.expression();
        form.active = filter.active();
        return form;
    }

    FilterDraft toDraft() {
        return new FilterDraft(name.strip(), expression.strip(), active);
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
