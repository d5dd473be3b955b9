// skiff command line (placeholder until `skiff up` lands).
console.log('skiff');
