package io.egressfed.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against one real etcd server, started before the first test and
 * stopped (its data deleted) after the last. Declare an {@link EtcdLauncher} parameter on a
 * constructor, lifecycle method or test method to get it; tests share it, so give each test its
 * own key prefix.
 *
 * <p>Without an etcd binary the class is skipped with a message saying how to install one;
 * with {@code CI=true} it fails instead, so CI can never pass by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EtcdExtension.class)
public @interface RealEtcd {
}
