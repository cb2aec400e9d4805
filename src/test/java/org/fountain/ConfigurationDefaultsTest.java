package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Defaults have one home, the configuration records: {@code application.yml} may show a setting with its default (to
 * document it) but never with another value. Every {@code @ConfigurationProperties} record is bound twice, from the
 * file and from nothing, and each setting that has a default must come out the same both ways.
 */
class ConfigurationDefaultsTest {

    @Test
    void applicationYmlRepeatsNoDefaultWithAnotherValue() throws Exception {
        StandardEnvironment fromFile = new StandardEnvironment();
        fromFile.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        fromFile.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        for (PropertySource<?> source :
                new YamlPropertySourceLoader().load("application.yml", new FileSystemResource("application.yml"))) {
            fromFile.getPropertySources().addLast(source);
        }
        Binder file = new Binder(ConfigurationPropertySources.get(fromFile));
        Binder none = new Binder(List.of());

        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> differing = new ArrayList<>();
        int records = 0;
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.fountain")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (!type.isRecord()) {
                continue;
            }
            records++;
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            Object configured = file.bindOrCreate(prefix, type);
            Object defaults = none.bindOrCreate(prefix, type);
            compare(prefix, configured, defaults, "application.yml", differing);
        }
        assertThat(records).as("configuration records found").isGreaterThan(10);
        assertThat(differing)
                .as("settings application.yml gives another value than their default")
                .isEmpty();
    }

    /** Each component of the defaults that has a value must be the configured one (records compared part by part). */
    private static void compare(String path, Object configured, Object defaults, String where, List<String> differing)
            throws ReflectiveOperationException {
        for (RecordComponent component : defaults.getClass().getRecordComponents()) {
            component.getAccessor().setAccessible(true);
            Object d = component.getAccessor().invoke(defaults);
            Object c = component.getAccessor().invoke(configured);
            String name = path + "." + component.getName();
            if (d == null
                    || (d instanceof Collection<?> list && list.isEmpty())
                    || (d instanceof Map<?, ?> map && map.isEmpty())) {
                continue; // no default: the file may set it
            }
            if (d.getClass().isRecord() && c != null) {
                compare(name, c, d, where, differing);
            } else if (!Objects.equals(c, d)) {
                differing.add(name + ": " + c + " in " + where + ", " + d + " by default");
            }
        }
    }
    /**
     * The README's table of settings says what each default is: every row naming a setting of a configuration record
     * with a value in code quotes (several settings in a row pair up with several values) must give the record's
     * default, bound the same way Spring binds the setting.
     */
    @Test
    void readmeTableGivesEveryDefaultAsTheRecordsDo() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> records = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.fountain")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (type.isRecord()) {
                records.put(type.getAnnotation(ConfigurationProperties.class).value(), type);
            }
        }
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| (`[^|]+) \\| ([^|]+) \\|");
        java.util.regex.Pattern quoted = java.util.regex.Pattern.compile("`([^`]*)`");
        List<String> differing = new ArrayList<>();
        int checked = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md"))) {
            java.util.regex.Matcher m = row.matcher(line);
            if (!m.find()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher name = quoted.matcher(m.group(1));
            String last = "";
            while (name.find()) {
                String n = name.group(1);
                n = n.startsWith(".") ? last.substring(0, last.lastIndexOf('.')) + n : n;
                names.add(n);
                last = n;
            }
            String valuesText = m.group(2).trim();
            List<String> values = new ArrayList<>();
            java.util.regex.Matcher value = quoted.matcher(valuesText);
            while (value.find()) {
                values.add(value.group(1));
            }
            // only a value given alone in quotes, or one per setting ("`20`, `1s`"), is a claim about the default
            String bare = valuesText.replaceAll("`[^`]*`", "").replaceAll("[,\\s]", "");
            if (values.size() != names.size() || !bare.isEmpty()) {
                continue;
            }
            for (int i = 0; i < names.size(); i++) {
                String setting = names.get(i);
                for (Map.Entry<String, Class<?>> record : records.entrySet()) {
                    if (!setting.startsWith(record.getKey() + ".")) {
                        continue;
                    }
                    Binder readme = new Binder(
                            ConfigurationPropertySources.from(new org.springframework.core.env.MapPropertySource(
                                    "README", Map.of(setting, values.get(i)))));
                    Object claimed = readme.bindOrCreate(record.getKey(), record.getValue());
                    Object defaults = new Binder(List.of()).bindOrCreate(record.getKey(), record.getValue());
                    List<String> wrong = new ArrayList<>();
                    compare(record.getKey(), claimed, defaults, "the README", wrong);
                    String given = values.get(i);
                    wrong.forEach(w -> differing.add(w + " (`" + given + "`)"));
                    checked++;
                    break;
                }
            }
        }
        assertThat(checked).as("README rows checked against the records").isGreaterThan(60);
        assertThat(differing)
                .as("README defaults that are not the records' defaults")
                .isEmpty();
    }
}
