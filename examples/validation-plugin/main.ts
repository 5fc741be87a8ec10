// The app of examples/validation-plugin/cdk8s.yaml: the payments example on Istio (sidecar).
// `cdk8s synth` synthesizes it to dist/, then runs ZeroTrustValidation over dist/*.yaml.
import { App } from 'cdk8s';
import { build } from '../payments-istio-sidecar';

const app = new App();
build(app);
app.synth();
