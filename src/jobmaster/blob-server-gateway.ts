/** Job artifacts by content hash (Flink's BlobServer), served to TaskManagers. */
export interface BlobServerGateway {
  getArtifact(hash: string): Promise<Uint8Array>;
}
