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
            compare(prefix, configured, defaults, differing);
        }
        assertThat(records).as("configuration records found").isGreaterThan(10);
        assertThat(differing)
                .as("settings application.yml gives another value than their default")
                .isEmpty();
    }

    /** Each component of the defaults that has a value must be the configured one (records compared part by part). */
    private static void compare(String path, Object configured, Object defaults, List<String> differing)
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
                compare(name, c, d, differing);
            } else if (!Objects.equals(c, d)) {
                differing.add(name + ": " + c + " in application.yml, " + d + " by default");
            }
        }
    }
}
