// Request bodies captured from kubectl v1.32.4 (`kubectl create …`, `autoscale`, `drain`, `auth can-i`,
// `create token`) against a loopback recorder, with the JSON the same command prints under
// `--dry-run=client -o json` (nulls removed) where kubectl can print it (every `create` here);
// the rest (token, can-i, drain's DeleteOptions, job --from, autoscale) follow the Go json tags.
export interface KubectlFixture {
  what: string;
  hex: string;
  json: Record<string, unknown>;
}

export const KUBECTL_FIXTURES: KubectlFixture[] = [
  {
    what: "kubectl create configmap foo --from-literal=a=b (no namespace)",
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03666f6f12001a0022002a00320038004200' +
      '12060a01611201621a002200',
    json: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"b"}},
  },
  {
    what: "POST /api/v1/namespaces/default/configmaps (ConfigMap/foo)",
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d617012240a1a0a03666f6f12001a0764656661756c7422002a' +
      '0032003800420012060a01611201621a002200',
    json: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo","namespace":"default"},"data":{"a":"b"}},
  },
  {
    what: "POST /api/v1/namespaces/default/secrets (Secret/s)",
    hex:
      '6b3873000a0c0a027631120653656372657412240a180a017312001a0764656661756c7422002a0032003800' +
      '420012060a016b1201761a001a002200',
    json: {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"default"},"data":{"k":"dg=="}},
  },
  {
    what: "POST /api/v1/namespaces/default/services (Service/svc)",
    hex:
      '6b3873000a0d0a02763112075365727669636512700a260a0373766312001a0764656661756c7422002a0032' +
      '00380042005a0a0a03617070120373766312420a1b0a0738302d38303830120354435018502207080010903f' +
      '1a002800120a0a0361707012037376631a002209436c757374657249503a00420052005a00600068001a020a' +
      '001a002200',
    json: {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc","namespace":"default","labels":{"app":"svc"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"svc"},"type":"ClusterIP"},"status":{"loadBalancer":{}}},
  },
  {
    what: "POST /apis/batch/v1/namespaces/default/jobs (Job/j)",
    hex:
      '6b3873000a0f0a0862617463682f763112034a6f621289010a180a016a12001a0764656661756c7422002a00' +
      '320038004200126332610a100a0012001a0022002a00320038004200124d122a0a016a120762757379626f78' +
      '1a046563686f1a0268692a0042006a007200800100880100900100a201001a054e65766572320042004a0052' +
      '005800600068008201008a01009a0100c201001a082000280030003a001a002200',
    json: {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"default"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"j","image":"busybox","command":["echo","hi"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}},
  },
  {
    what: "POST /apis/batch/v1/namespaces/default/cronjobs (CronJob/cj)",
    hex:
      '6b3873000a130a0862617463682f7631120743726f6e4a6f6212ab010a190a02636a12001a0764656661756c' +
      '7422002a00320038004200128b010a0b2a2f35202a202a202a202a1a002a7a0a120a02636a12001a0022002a' +
      '00320038004200126432620a100a0012001a0022002a00320038004200124e12270a02636a12076275737962' +
      '6f781a04646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a' +
      '0052005800600068008201008a01009a0100c201001a001a002200',
    json: {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"cj","namespace":"default"},"spec":{"schedule":"*/5 * * * *","jobTemplate":{"metadata":{"name":"cj"},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"cj","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}},
  },
  {
    what: "POST /apis/rbac.authorization.k8s.io/v1/namespaces/default/roles (Role/r)",
    hex:
      '6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c651232' +
      '0a180a017212001a0764656661756c7422002a0032003800420012160a036765740a046c69737412001a0470' +
      '6f64732201781a002200',
    json: {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r","namespace":"default"},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"],"resourceNames":["x"]}]},
  },
  {
    what: "POST /apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings (RoleBinding/rb)",
    hex:
      '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c654269' +
      '6e64696e67128e010a190a02726212001a0764656661756c7422002a00320038004200122a0a045573657212' +
      '19726261632e617574686f72697a6174696f6e2e6b38732e696f1a05616c6963652200121f0a0e5365727669' +
      '63654163636f756e7412001a027361220764656661756c741a240a19726261632e617574686f72697a617469' +
      '6f6e2e6b38732e696f1204526f6c651a01721a002200',
    json: {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"default"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"ServiceAccount","name":"sa","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}},
  },
  {
    what: "POST /apis/rbac.authorization.k8s.io/v1/clusterroles (ClusterRole/cr)",
    hex:
      '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b436c75737465' +
      '72526f6c6512250a120a02637212001a0022002a00320038004200120f0a036765742a082f6865616c74687a' +
      '1a002200',
    json: {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"cr"},"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]},
  },
  {
    what: "POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings (ClusterRoleBinding/crb)",
    hex:
      '6b3873000a320a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311212436c75737465' +
      '72526f6c6542696e64696e67126c0a130a0363726212001a0022002a0032003800420012270a0547726f7570' +
      '1219726261632e617574686f72697a6174696f6e2e6b38732e696f1a016722001a2c0a19726261632e617574' +
      '686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a0263721a002200',
    json: {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"crb"},"subjects":[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"g"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cr"}},
  },
  {
    what: "POST /api/v1/namespaces/default/resourcequotas (ResourceQuota/q)",
    hex:
      '6b3873000a130a027631120d5265736f7572636551756f746112490a180a017112001a0764656661756c7422' +
      '002a00320038004200122b0a0a0a0363707512030a01310a0f0a066d656d6f727912050a033147690a0c0a04' +
      '706f647312040a0231301a001a002200',
    json: {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q","namespace":"default"},"spec":{"hard":{"cpu":"1","memory":"1Gi","pods":"10"}},"status":{}},
  },
  {
    what: "POST /api/v1/namespaces/default/serviceaccounts (ServiceAccount/sa)",
    hex:
      '6b3873000a140a027631120e536572766963654163636f756e74121b0a190a02736112001a0764656661756c' +
      '7422002a003200380042001a002200',
    json: {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa","namespace":"default"}},
  },
  {
    what: "POST /apis/policy/v1/namespaces/default/poddisruptionbudgets (PodDisruptionBudget/p)",
    hex:
      '6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123f0a180a01' +
      '7012001a0764656661756c7422002a0032003800420012170a09080110001a03353025120a0a080a03617070' +
      '1201781a0a080018002000280030001a002200',
    json: {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"p","namespace":"default"},"spec":{"minAvailable":"50%","selector":{"matchLabels":{"app":"x"}}},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}},
  },
  {
    what: "POST /apis/networking.k8s.io/v1/namespaces/default/ingresses (Ingress/ing)",
    hex:
      '6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e677265737312650a1a0a0369' +
      '6e6712001a0764656661756c7422002a00320038004200124312120a07666f6f2e636f6d12076d792d636572' +
      '741a2d0a07666f6f2e636f6d12220a200a1e0a042f626172120f220d0a047376633112050a0010903f1a0545' +
      '786163741a020a001a002200',
    json: {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"ing","namespace":"default"},"spec":{"tls":[{"hosts":["foo.com"],"secretName":"my-cert"}],"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Exact","backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}}]},"status":{"loadBalancer":{}}},
  },
  {
    what: "POST /api/v1/namespaces (Namespace/ns1)",
    hex:
      '6b3873000a0f0a02763112094e616d657370616365121b0a130a036e733112001a0022002a00320038004200' +
      '12001a020a001a002200',
    json: {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1"},"spec":{},"status":{}},
  },
  {
    what: "POST /apis/apps/v1/namespaces/default/deployments (Deployment/foo)",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b2010a260a03666f6f12001a07646566' +
      '61756c7422002a003200380042005a0a0a036170701203666f6f127a0801120c0a0a0a036170701203666f6f' +
      '1a600a1c0a0012001a0022002a003200380042005a0a0a036170701203666f6f124012220a056e67696e7812' +
      '056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201' +
      '008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    json: {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"foo","namespace":"default","labels":{"app":"foo"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"foo"}},"template":{"metadata":{"labels":{"app":"foo"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}},
  },
  {
    what: "POST /apis/apps/v1/namespaces/default/deployments (Deployment/d2)",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bc010a240a02643212001a0764656661' +
      '756c7422002a003200380042005a090a03617070120264321285010803120b0a090a03617070120264321a6c' +
      '0a1b0a0012001a0022002a003200380042005a090a0361707012026432124d122f0a056e67696e7812056e67' +
      '696e782a00320b0a00100018903f22002a0042006a007200800100880100900100a201001a00320042004a00' +
      '52005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a00' +
      '2200',
    json: {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d2","namespace":"default","labels":{"app":"d2"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"d2"}},"template":{"metadata":{"labels":{"app":"d2"}},"spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":8080}],"resources":{}}]}},"strategy":{}},"status":{}},
  },
  {
    what: "POST /api/v1/namespaces/default/serviceaccounts/sa/token (TokenRequest/)",
    hex:
      '6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565' +
      '737412200a100a0012001a0022002a0032003800420012060a016120901c1a040a0012001a002200',
    json: {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{},"spec":{"audiences":["a"],"expirationSeconds":3600},"status":{"token":""}},
  },
  {
    what: "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews (SelfSubjectAccessReview/)",
    hex:
      '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374' +
      '416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0764656661756c' +
      '7412036765741a0022002a04706f647332003a001a08080012001a0020001a002200',
    json: {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{},"spec":{"resourceAttributes":{"namespace":"default","verb":"get","resource":"pods"}},"status":{"allowed":false}},
  },
  {
    what: "POST /apis/scheduling.k8s.io/v1/priorityclasses (PriorityClass/pc)",
    hex:
      '6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c61737312' +
      '300a120a02706312001a0022002a003200380042001000180022002a14507265656d70744c6f776572507269' +
      '6f726974791a002200',
    json: {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"pc"},"value":0,"preemptionPolicy":"PreemptLowerPriority"},
  },
  {
    what: "POST /api/v1/namespaces/default/secrets (Secret/reg)",
    hex:
      '6b3873000a0c0a02763112065365637265741293010a1a0a0372656712001a0764656661756c7422002a0032' +
      '003800420012550a112e646f636b6572636f6e6669676a736f6e12407b226175746873223a7b22722e696f22' +
      '3a7b22757365726e616d65223a2275222c2270617373776f7264223a2270222c2261757468223a2264547077' +
      '227d7d7d1a1e6b756265726e657465732e696f2f646f636b6572636f6e6669676a736f6e1a002200',
    json: {"apiVersion":"v1","kind":"Secret","metadata":{"name":"reg","namespace":"default"},"data":{".dockerconfigjson":"eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ=="},"type":"kubernetes.io/dockerconfigjson"},
  },
  {
    what: "POST /api/v1/namespaces/default/services (Service/np)",
    hex:
      '6b3873000a0d0a02763112075365727669636512710a240a026e7012001a0764656661756c7422002a003200' +
      '380042005a090a0361707012026e7012450a200a09353637382d38303830120354435018ae2c220708001090' +
      '3f1a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a02' +
      '0a001a002200',
    json: {"apiVersion":"v1","kind":"Service","metadata":{"name":"np","namespace":"default","labels":{"app":"np"}},"spec":{"ports":[{"name":"5678-8080","protocol":"TCP","port":5678,"targetPort":8080,"nodePort":30080}],"selector":{"app":"np"},"type":"NodePort"},"status":{"loadBalancer":{}}},
  },
  {
    what: "POST /api/v1/namespaces/default/services (Service/en)",
    hex:
      '6b3873000a0d0a027631120753657276696365125e0a240a02656e12001a0764656661756c7422002a003200' +
      '380042005a090a036170701202656e123212090a036170701202656e1a00220c45787465726e616c4e616d65' +
      '3a004200520b6578616d706c652e636f6d5a00600068001a020a001a002200',
    json: {"apiVersion":"v1","kind":"Service","metadata":{"name":"en","namespace":"default","labels":{"app":"en"}},"spec":{"selector":{"app":"en"},"type":"ExternalName","externalName":"example.com"},"status":{"loadBalancer":{}}},
  },
  {
    what: "POST /apis/policy/v1/namespaces/default/poddisruptionbudgets (PodDisruptionBudget/p2)",
    hex:
      '6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123d0a190a02' +
      '703212001a0764656661756c7422002a003200380042001214120a0a080a036170701201781a06080010011a' +
      '001a0a080018002000280030001a002200',
    json: {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"p2","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"x"}},"maxUnavailable":1},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}},
  },
  {
    what: "POST /apis/networking.k8s.io/v1/namespaces/default/ingresses (Ingress/ing2)",
    hex:
      '6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e677265737312700a230a0469' +
      '6e673212001a0764656661756c7422002a0032003800420062060a016112016212450a10220e0a0664656673' +
      '766312040a0010501a2a0a0012260a240a220a052f706174681211220f0a0373766312080a04687474701000' +
      '1a0650726566697822056e67696e781a020a001a002200',
    json: {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"ing2","namespace":"default","annotations":{"a":"b"}},"spec":{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"defsvc","port":{"number":80}}},"rules":[{"http":{"paths":[{"path":"/path","pathType":"Prefix","backend":{"service":{"name":"svc","port":{"name":"http"}}}}]}}]},"status":{"loadBalancer":{}}},
  },
  {
    what: "POST /api/v1/namespaces/default/configmaps (ConfigMap/bin2)",
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d617012450a1b0a0462696e3212001a0764656661756c742200' +
      '2a00320038004200120f0a05742e747874120668656c6c6f0a1a150a08626c6f622e62696e120900ff016269' +
      '6e6172791a002200',
    json: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"bin2","namespace":"default"},"data":{"t.txt":"hello\n"},"binaryData":{"blob.bin":"AP8BYmluYXJ5"}},
  },
  {
    what: "POST /api/v1/namespaces/default/secrets (Secret/s2)",
    hex:
      '6b3873000a0c0a027631120653656372657412590a190a02733212001a0764656661756c7422002a00320038' +
      '004200120f0a0870617373776f7264120370017712110a08757365726e616d65120561646d696e1a186b7562' +
      '65726e657465732e696f2f62617369632d617574681a002200',
    json: {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s2","namespace":"default"},"data":{"password":"cAF3","username":"YWRtaW4="},"type":"kubernetes.io/basic-auth"},
  },
  {
    what: "POST /apis/batch/v1/namespaces/default/jobs (Job/j2)",
    hex:
      '6b3873000a0f0a0862617463682f763112034a6f62128e020a8f010a026a3212001a0764656661756c742200' +
      '2a003200380042005a060a016c120176622b0a2163726f6e6a6f622e6b756265726e657465732e696f2f696e' +
      '7374616e746961746512066d616e75616c6a3f0a0743726f6e4a6f621a02636a222431313131313131312d32' +
      '3232322d333333332d343434342d3535353535353535353535352a0862617463682f763130011270326c0a10' +
      '0a0012001a0022002a00320038004200125812350a0163120762757379626f782204646174652a00420f0a0d' +
      '0a0363707512060a043530306d6a007200800100880100900100a201001a054e65766572320042004a005200' +
      '5800600068008201008a01009a0100c2010038001a082000280030003a001a002200',
    json: {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j2","namespace":"default","labels":{"l":"v"},"annotations":{"cronjob.kubernetes.io/instantiate":"manual"},"ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"cj","uid":"11111111-2222-3333-4444-555555555555","controller":true}]},"spec":{"backoffLimit":0,"template":{"metadata":{},"spec":{"containers":[{"name":"c","image":"busybox","args":["date"],"resources":{"limits":{"cpu":"500m"}}}],"restartPolicy":"Never"}}},"status":{}},
  },
  {
    what: "DELETE /api/v1/namespaces/default/pods/p1 (DeleteOptions/)",
    hex:
      '6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200',
    json: {"apiVersion":"v1","kind":"DeleteOptions"},
  },
  {
    what: "POST /apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers (HorizontalPodAutoscaler/foo)",
    hex:
      '6b3873000a290a0e6175746f7363616c696e672f76311217486f72697a6f6e74616c506f644175746f736361' +
      '6c6572123f0a130a03666f6f12001a0022002a0032003800420012220a1a0a0a4465706c6f796d656e741203' +
      '666f6f1a07617070732f76311001180320321a04180020001a002200',
    json: {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"foo"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"foo","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":3,"targetCPUUtilizationPercentage":50},"status":{"currentReplicas":0,"desiredReplicas":0}},
  },
];
