package uk.ilrledger.app.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import uk.ilrledger.command.json.StrictJson;

/**
 * Request bodies are bound by the strict mapper ({@link StrictJson}); Axon's serializer and the
 * projections keep the application's own, which must go on reading every event already stored.
 * Declaring the converter replaces the one Spring Boot would build on the application's mapper.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonBodies {

    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(StrictJson json) {
        return new MappingJackson2HttpMessageConverter(json.mapper());
    }
}
