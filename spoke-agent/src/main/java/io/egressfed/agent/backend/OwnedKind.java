package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * One kind of object the agent owns: how to watch it, compare it and write it. Writes are plain
 * create, update with the object's resourceVersion (a conflict fails rather than overwrites), and
 * delete; never server-side apply.
 *
 * @param <T> the model type
 */
public interface OwnedKind<T extends HasMetadata> {

    /**
     * The kind's name, also used in {@link ObjectKey} and as the metric label.
     *
     * @return e.g. {@code "CiliumEgressGatewayPolicy"}
     */
    String kind();

    /**
     * The model type, to narrow a {@link DesiredObject#object()}.
     *
     * @return the class
     */
    Class<T> type();

    /**
     * Starts the informers over every object of this kind labelled as managed by egressfed, in every
     * namespace the agent manages (one informer for all, or one per managed namespace). Blocks until
     * their caches hold the initial lists.
     *
     * @param handler receives every add, update and delete
     * @return the running informers, whose stores together hold the kind's objects
     */
    List<SharedIndexInformer<T>> inform(ResourceEventHandler<T> handler);

    /**
     * The parts of an object the agent manages. Two objects with equal projections are equivalent for
     * the agent; anything else (status, fields other controllers write, foreign labels) is ignored.
     *
     * @param object a live or desired object
     * @return a value with a meaningful {@code equals}
     */
    Object projection(T object);

    /**
     * {@code live} with every managed part taken from {@code desired}, keeping its resourceVersion and
     * whatever other controllers wrote (e.g. kube-vip's annotations).
     *
     * @param live    the object as it is
     * @param desired the object as it should be
     * @return a new object to update with; neither argument is modified
     */
    T merge(T live, T desired);

    /**
     * Creates the object.
     *
     * @param object the object
     * @return the object as stored
     * @throws io.fabric8.kubernetes.client.KubernetesClientException on failure (409 when it exists)
     */
    T create(T object);

    /**
     * Replaces the object, guarded by its resourceVersion.
     *
     * @param object the object, with the resourceVersion it was read at
     * @return the object as stored
     * @throws io.fabric8.kubernetes.client.KubernetesClientException on failure (409 on a stale version)
     */
    T update(T object);

    /**
     * Deletes the object; an object that is already gone is not an error.
     *
     * @param object the object
     * @throws io.fabric8.kubernetes.client.KubernetesClientException on failure
     */
    void delete(T object);

    /**
     * Lists every object of this kind labelled as managed by egressfed, in every managed namespace, from the API
     * server (bypassing the informer cache).
     *
     * @return the objects
     * @throws io.fabric8.kubernetes.client.KubernetesClientException on failure
     */
    List<T> list();

    /**
     * Reads the object from the API server, bypassing the informer cache.
     *
     * @param key its identity
     * @return the object, or null when it does not exist
     */
    T get(ObjectKey key);
}
