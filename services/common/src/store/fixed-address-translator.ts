import cassandraDriver from 'cassandra-driver';

// The driver checks for its own base class at run time; its typings only declare an interface.
const AddressTranslatorBase = (cassandraDriver.policies.addressResolution as unknown as { AddressTranslator: new () => object }).AddressTranslator;

/** Keeps the driver on the sidecar's address instead of the node address Cassandra reports. */
export class FixedAddressTranslator extends AddressTranslatorBase implements cassandraDriver.policies.addressResolution.AddressTranslator {
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super();
  }
  translate(_address: string, _port: number, callback: (endpoint: string) => void): void {
    callback(`${this.host}:${this.port}`);
  }
}
