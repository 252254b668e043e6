//! deploy/ agrees with config/ for every service: topics, group ids, ports, environment
//! variables, image and binary names. (Docker cannot run here; this reads the files.)

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use herald_stream::ServiceConfig;
use serde::Deserialize;
use serde_yaml::Value;

const SERVICES: &[(&str, &str)] = &[
    ("ingest", include_str!("../../../config/ingest.toml")),
    ("annotate", include_str!("../../../config/annotate.toml")),
    ("events", include_str!("../../../config/events.toml")),
    ("stories", include_str!("../../../config/stories.toml")),
];
const IMAGE: &str = "herald:0.1.0";

fn deploy(path: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy")).join(path)
}

fn yaml(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(deploy(path)).unwrap();
    serde_yaml::Deserializer::from_str(&text)
        .map(|doc| {
            let mut v = Value::deserialize(doc).unwrap();
            v.apply_merge().unwrap();
            v
        })
        .collect()
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
}

fn load(shipped: &str) -> ServiceConfig {
    ServiceConfig::load(shipped, None, None).unwrap()
}

/// The wire service's shipped settings, as TOML (its settings type lives in its own crate,
/// whose tests load the ConfigMap's file: `services/wire/src/config.rs`).
fn wire() -> toml::Table {
    include_str!("../../../config/wire.toml").parse().unwrap()
}

/// A service as deployed: its name, its port, the settings a `HERALD_*` variable of it may
/// name, and for a runtime service its shipped settings.
struct Deployed {
    name: &'static str,
    port: u16,
    settings: serde_json::Value,
    shipped: Option<&'static str>,
}

/// The runtime services, then the wire service.
fn deployed() -> Vec<Deployed> {
    let settings = serde_json::to_value(ServiceConfig::default()).unwrap();
    let runtime = SERVICES.iter().map(|&(name, shipped)| Deployed {
        name,
        port: load(shipped).metrics_addr.port(),
        settings: settings.clone(),
        shipped: Some(shipped),
    });
    let addr: SocketAddr = wire()["metrics_addr"].as_str().unwrap().parse().unwrap();
    let wire = Deployed {
        name: "wire",
        port: addr.port(),
        settings: serde_json::to_value(wire()).unwrap(),
        shipped: None,
    };
    runtime.chain([wire]).collect()
}

/// `HERALD_X__Y` names a key `x.y` of `settings`.
fn assert_variable(settings: &serde_json::Value, name: &str) {
    let key = name
        .strip_prefix("HERALD_")
        .unwrap_or_else(|| panic!("{name} is not a HERALD_ variable"))
        .to_ascii_lowercase();
    let found = key
        .split("__")
        .try_fold(settings, |v, k| v.get(k))
        .is_some();
    assert!(found, "{name} names no setting");
}

fn items(v: &Value) -> std::slice::Iter<'_, Value> {
    v.as_sequence().unwrap().iter()
}

fn of_kind<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter()
        .find(|d| str_of(&d["kind"]) == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// Compose runs `herald-{name}` from the image, publishing its port, where Prometheus scrapes
/// it, with the brokers and variables that name its settings.
fn assert_composed(services: &Value, prometheus: &Value, service: &Deployed) {
    let Deployed { name, port, .. } = service;
    let s = &services[name];
    assert_eq!(str_of(&s["image"]), IMAGE, "{name}");
    assert_eq!(str_of(&s["command"][0]), format!("herald-{name}"));
    let published = format!("{port}:{port}");
    assert!(
        items(&s["ports"]).any(|p| str_of(p) == published),
        "{name} does not publish {published}"
    );
    let job = items(&prometheus["scrape_configs"])
        .find(|j| str_of(&j["job_name"]) == format!("herald-{name}"))
        .unwrap_or_else(|| panic!("no scrape job for {name}"));
    assert_eq!(
        str_of(&job["static_configs"][0]["targets"][0]),
        format!("{name}:{port}")
    );
    let env = s["environment"].as_mapping().unwrap();
    assert!(env.contains_key("HERALD_BROKERS"), "{name}");
    let secrets: Vec<&str> = env.values().filter_map(|v| v.as_str()).collect();
    for key in env.keys().map(str_of) {
        // A variable a token is read from (`env:NAME`) is no setting.
        if !secrets.iter().any(|v| v.contains(&format!("env:{key}"))) {
            assert_variable(&service.settings, key);
        }
    }
}

/// The manifests `docs` deploy `herald-{name}` from the image, on its port, with environment
/// variables that name its settings: the Deployment's pod.
fn assert_manifests<'a>(docs: &'a [Value], service: &Deployed) -> &'a Value {
    let name = service.name;
    let port = Some(u64::from(service.port));
    let pod = &of_kind(docs, "Deployment")["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    assert_eq!(str_of(&container["image"]), IMAGE);
    assert_eq!(str_of(&container["command"][0]), format!("herald-{name}"));
    assert_eq!(container["ports"][0]["containerPort"].as_u64(), port);
    let service_port = &of_kind(docs, "Service")["spec"]["ports"][0]["port"];
    assert_eq!(service_port.as_u64(), port);
    for var in items(&container["env"]) {
        assert_variable(&service.settings, str_of(&var["name"]));
    }
    pod
}

fn all_topics() -> BTreeSet<String> {
    let configs: Vec<ServiceConfig> = SERVICES.iter().map(|(_, shipped)| load(shipped)).collect();
    configs
        .iter()
        .flat_map(|c| c.topics.names())
        .cloned()
        .collect()
}

#[test]
fn compose_and_prometheus_agree_with_config() {
    let compose = yaml("docker-compose.yml").remove(0);
    let services = &compose["services"];
    let create = str_of(&services["topics"]["command"][0]);
    for topic in all_topics() {
        assert!(create.contains(&topic), "topic {topic} is not created");
    }
    let wire = wire();
    let seen = wire["topics"]["seen"].as_str().unwrap();
    assert!(
        create.contains(&format!("--topic {seen}")),
        "{seen} is not created"
    );
    assert!(
        create.contains("cleanup.policy=compact"),
        "{seen} is not compacted"
    );
    let prometheus = yaml("prometheus.yml").remove(0);
    for service in deployed() {
        assert_composed(services, &prometheus, &service);
    }
}

#[test]
fn kubernetes_manifests_agree_with_config() {
    for service in deployed() {
        let name = service.name;
        let docs = yaml(&format!("k8s/{name}.yaml"));
        let pod = assert_manifests(&docs, &service);
        let Some(shipped) = service.shipped else {
            continue;
        };

        // The ConfigMap's file is a valid settings file over the shipped one.
        let file = format!("{name}.toml");
        let text = str_of(&of_kind(&docs, "ConfigMap")["data"][file.as_str()]);
        let dir = tempfile::Builder::new()
            .prefix("herald-deploy-")
            .tempdir()
            .unwrap();
        let path = dir.path().join(&file);
        std::fs::write(&path, text).unwrap();
        let mapped = ServiceConfig::load(shipped, Some(&path), None).unwrap();
        assert_eq!(mapped.metrics_addr.port(), service.port, "{name}");

        let container = &pod["containers"][0];
        let command: Vec<&str> = items(&container["command"]).map(str_of).collect();
        let mount = str_of(&container["volumeMounts"][0]["mountPath"]);
        let expected = format!("herald-{name} --config {mount}/{file}");
        assert_eq!(command, expected.split(' ').collect::<Vec<_>>());
        assert!(
            pod["terminationGracePeriodSeconds"].as_u64().unwrap() * 1000
                > mapped.shutdown_deadline_ms,
            "{name}: the pod is killed before the service drains"
        );
        let trigger = &of_kind(&docs, "ScaledObject")["spec"]["triggers"][0]["metadata"];
        assert_eq!(str_of(&trigger["topic"]), mapped.topics.input, "{name}");
        assert_eq!(str_of(&trigger["consumerGroup"]), mapped.group_id, "{name}");
    }
}

#[test]
fn the_image_holds_every_binary_and_runs_unprivileged() {
    let dockerfile = std::fs::read_to_string(deploy("Dockerfile")).unwrap();
    for Deployed { name, port, .. } in deployed() {
        assert!(dockerfile.contains(&format!("target/release/herald-{name}")));
        assert!(dockerfile.contains(&port.to_string()), "EXPOSE {name}");
        let manifest = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../services/{name}/Cargo.toml")),
        )
        .unwrap();
        assert!(manifest.contains(&format!("name = \"herald-{name}\"")));
    }
    let user = dockerfile
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("a USER line");
    assert!(user.trim() != "root" && user.trim() != "0");
}
