package dev.rotor.platform;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;

/** Rotor's entities on EclipseLink outside the container (resource-local transactions), for tests that need several connections. */
public final class TestPersistence {

    private TestPersistence() {
    }

    public static EntityManagerFactory on(DataSource dataSource, Class<?>... managed) {
        List<String> classes = java.util.stream.Stream.of(managed).map(Class::getName).toList();
        PersistenceUnitInfo unit = new PersistenceUnitInfo() {
            public String getPersistenceUnitName() { return "rotor-test"; }
            public String getPersistenceProviderClassName() { return PersistenceProvider.class.getName(); }
            public PersistenceUnitTransactionType getTransactionType() { return PersistenceUnitTransactionType.RESOURCE_LOCAL; }
            public DataSource getJtaDataSource() { return null; }
            public DataSource getNonJtaDataSource() { return dataSource; }
            public List<String> getMappingFileNames() { return List.of(); }
            public List<URL> getJarFileUrls() { return List.of(); }
            public URL getPersistenceUnitRootUrl() { return TestPersistence.class.getProtectionDomain().getCodeSource().getLocation(); }
            public List<String> getManagedClassNames() { return classes; }
            public boolean excludeUnlistedClasses() { return true; }
            public SharedCacheMode getSharedCacheMode() { return SharedCacheMode.NONE; }
            public ValidationMode getValidationMode() { return ValidationMode.NONE; }
            public Properties getProperties() { return new Properties(); }
            public String getPersistenceXMLSchemaVersion() { return "3.0"; }
            public ClassLoader getClassLoader() { return TestPersistence.class.getClassLoader(); }
            public void addTransformer(ClassTransformer transformer) { }
            public ClassLoader getNewTempClassLoader() { return TestPersistence.class.getClassLoader(); }
        };
        return new PersistenceProvider().createContainerEntityManagerFactory(unit, Map.of(
                "eclipselink.weaving", "false",
                "eclipselink.logging.level", "WARNING",
                "eclipselink.ddl-generation", "none"));
    }

    /**
     * Runs {@code step} in one resource-local transaction of {@code em} and commits it; a step that
     * throws is rolled back. Either way the persistence context is cleared, so what follows reads
     * the database, not the entities the step left behind.
     */
    public static <T> T inTransaction(EntityManager em, Supplier<T> step) {
        em.getTransaction().begin();
        try {
            T result = step.get();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }
}
