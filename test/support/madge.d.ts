// The part of madge's Node API the cycle test uses (madge ships no types).
declare module 'madge' {
  interface MadgeResult {
    circular(): string[][];
    obj(): Record<string, string[]>;
  }
  export default function madge(paths: string | string[], config?: object): Promise<MadgeResult>;
}
