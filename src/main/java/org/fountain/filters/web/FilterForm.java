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

    @Size(max = 2000, message = "At most 2000 characters")
    private String description = "";

    @NotBlank(message = "Write an expression")
    @Size(max = FilterLanguage.MAX_EXPRESSION_LENGTH, message = "At most 4096 characters")
    private String expression = "";

    private boolean active = true;

    private boolean kafkaOutput;

    @NotBlank
    private String stream = FilterDraft.DEFAULT_STREAM;

    private Visibility visibility = Visibility.PRIVATE;

    static FilterForm of(Filter filter) {
        FilterForm form = new FilterForm();
        form.name = filter.name();
        form.description = filter.description();
        form.expression = filter.expression();
        form.active = filter.active();
        form.kafkaOutput = filter.kafkaOutput();
        form.stream = filter.stream();
        form.visibility = filter.visibility();
        return form;
    }

    FilterDraft toDraft() {
        return new FilterDraft(
                name.strip(),
                description == null ? "" : description.strip(),
                expression.strip(),
                stream,
                visibility == null ? Visibility.PRIVATE : visibility,
                active,
                kafkaOutput);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
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

    public boolean isKafkaOutput() {
        return kafkaOutput;
    }

    public void setKafkaOutput(boolean kafkaOutput) {
        this.kafkaOutput = kafkaOutput;
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
}
